-- load.lua: the request mix of the load test (checks/load_test.go), for
-- wrk. Each connection cycles through pages, assets, server-rendered
-- search and compare pages and the search API, and done() prints one
-- line of JSON for the test to read.
local paths = {
  "/",
  "/playbooks/",
  "/playbooks/start-with-needs/",
  "/case-studies/saltmere-frailty-home-first/",
  "/frameworks/first-conversation-with-a-partner/",
  "/blueprints/saltmere/",
  "/cohorts/frailty/",
  "/css/intkb.css",
  "/data/blueprints.json",
  "/search/?q=frailty+care+homes",
  "/search/?q=unity+of+effort&type=blueprint",
  "/api/search?q=frailty",
  "/api/search?q=pooled+budget&cohort=frailty",
  "/api/search?q=%22care+home%22+-relabelled",
  "/compare/?areas=saltmere,kingsmoor&diff=1",
  "/compare/",
}

local i = 0

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
