-- wrk script: cycles through realistic queries against /api/search.
local queries = {
  "frailty", "care homes", "frailty care homes", "coordinator", "pooled budget",
  "shared care plan", "\"unity of effort\"", "neighbourhood team", "pharmasy", "relabel",
  "mental health housing", "district nurse", "risk stratification", "evidence admissions -hospital",
  "type:blueprint integration", "lived experience", "children young people", "discharge",
  "sponsor implementer", "loneliness",
}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  q = q:gsub(" ", "+"):gsub("\"", "%%22"):gsub(":", "%%3A")
  return wrk.format("GET", "/api/search?q=" .. q)
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status %d, timeout %d), median %.2f ms, p99 %.2f ms, max %.2f ms, %.0f req/s\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
