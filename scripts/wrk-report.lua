-- wrk script of scripts/bench.py: the request comes from the environment (WRK_METHOD,
-- WRK_BODY, WRK_AUTHORIZATION), and one line `WRK_JSON {...}` sums the run up. With
-- WRK_COUNT_STATUSES=1 every response is inspected, so 5xx and other non-2xx answers are counted
-- (that costs wrk time, so throughput runs leave it off).
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local authorization = os.getenv("WRK_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

if os.getenv("WRK_COUNT_STATUSES") == "1" then
  function init(args)
    server_errors = 0
    not_ok = 0
  end

  function response(status, headers, body)
    if status >= 500 then server_errors = server_errors + 1 end
    if status < 200 or status > 299 then not_ok = not_ok + 1 end
  end
end

function done(summary, latency, requests)
  local server_errors, not_ok = 0, 0
  for _, thread in ipairs(threads) do
    server_errors = server_errors + (thread:get("server_errors") or 0)
    not_ok = not_ok + (thread:get("not_ok") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "non_2xx_3xx": %d, ' ..
    '"server_errors": %d, "not_ok": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    server_errors, not_ok))
end
