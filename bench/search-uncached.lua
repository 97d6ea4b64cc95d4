-- wrk script: queries that are each new to the server, for /api/search
-- past its response cache: pairs of the corpus's domain words, some with
-- the last word half typed or with a letter dropped, 12,675 in all, in an
-- order that puts a pair's turns far apart. The second thread puts each
-- pair the other way round, so the two never ask the same.
local words = {
  "frailty", "care", "homes", "neighbourhood", "team", "coordinator", "coordinators", "district", "nurse",
  "general", "practice", "pharmacy", "social", "prescribing", "link", "worker", "mental", "health", "housing",
  "carers", "older", "people", "integration", "partnership", "sponsor", "implementer", "budget", "pooled",
  "aligned", "record", "shared", "plan", "evidence", "admissions", "emergency", "urgent", "outcomes",
  "learning", "governance", "accountability", "voluntary", "community", "enterprise", "relabelling", "needs",
  "function", "form", "meeting", "multidisciplinary", "case", "finding", "risk", "stratification",
  "population", "lived", "experience", "children", "young", "long-term", "conditions", "discharge",
  "hospital", "ambulance", "falls", "loneliness",
}
local n = #words
local threads = 0
function setup(thread)
  thread:set("reversed", threads % 2 == 1)
  threads = threads + 1
end
local i = 0
request = function()
  i = i + 7919 -- a prime, so that successive queries are far apart
  local k = i % (n * n * 3)
  local a, b, form = words[k % n + 1], words[math.floor(k / n) % n + 1], math.floor(k / (n * n))
  if form == 1 then
    b = b:sub(1, math.max(2, math.floor(#b / 2))) -- still typing
  elseif form == 2 and #b > 4 then
    b = b:sub(1, 2) .. b:sub(4) -- a typo
  end
  if reversed then
    a, b = b, a
  end
  return wrk.format("GET", "/api/search?q=" .. a .. "+" .. b)
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors %d (status %d, timeout %d), median %.2f ms, p99 %.2f ms, max %.2f ms, %.0f req/s\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
