-- wrk script of scripts/bench.py: the request comes from the environment (WRK_METHOD,
-- WRK_BODY, WRK_AUTHORIZATION), and one line `WRK_JSON {...}` sums the run up. With
-- WRK_COUNT_STATUSES=1 every response is inspected, so 5xx and other non-2xx answers are counted
-- (that costs wrk time, so throughput runs leave it off).
--
-- Two kinds of traffic make each request afresh (and count statuses):
-- WRK_HOSTILE=1: anonymous lists under keys nobody asked for before, a random tag and offset
--   each time (what a client trying to fill the server's memory would send);
-- WRK_TOGGLE_TOKENS (tokens, comma-separated) and WRK_TOGGLE_SLUGS: one request in ten
--   favorites or unfavorites an article as one of those users, in turn, the rest are the
--   request of WRK_METHOD and the URL. `toggles` counts the toggles answered with an article.
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

local function split(text)
  local parts = {}
  for part in string.gmatch(text or "", "[^,]+") do
    table.insert(parts, part)
  end
  return parts
end

local hostile = os.getenv("WRK_HOSTILE") == "1"
local toggle_tokens = split(os.getenv("WRK_TOGGLE_TOKENS"))
local toggle_slugs = split(os.getenv("WRK_TOGGLE_SLUGS"))
local toggling = #toggle_tokens > 0 and #toggle_slugs > 0
local count_statuses = hostile or toggling or os.getenv("WRK_COUNT_STATUSES") == "1"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

function init(args)
  server_errors = 0
  not_ok = 0
  toggles = 0
  sent = 0
  -- Each thread its own sequence: the same keys twice would be answered from memory.
  math.randomseed(os.time() * 100 + number)
  favorited = {}
end

if hostile then
  function request()
    local path = string.format("/api/articles?tag=k%d&offset=%d",
      math.random(0, 2000000000), math.random(0, 1000000))
    return wrk.format("GET", path)
  end
elseif toggling then
  local plain = nil
  function request()
    sent = sent + 1
    if sent % 10 ~= 0 then
      plain = plain or wrk.format()
      return plain
    end
    -- The n-th toggle of this thread: users in turn, each over every article in turn.
    local n = sent / 10
    local user = (n + number) % #toggle_tokens + 1
    local slug = math.floor(n / #toggle_tokens) % #toggle_slugs + 1
    local key = user .. ":" .. slug
    local method = favorited[key] and "DELETE" or "POST"
    favorited[key] = not favorited[key]
    return wrk.format(method, "/api/articles/" .. toggle_slugs[slug] .. "/favorite",
      { ["Authorization"] = "Token " .. toggle_tokens[user] })
  end
end

if count_statuses then
  function response(status, headers, body)
    if status >= 500 then server_errors = server_errors + 1 end
    if status < 200 or status > 299 then
      not_ok = not_ok + 1
    elseif toggling and string.sub(body, 1, 11) == '{"article":' then
      toggles = toggles + 1
    end
  end
end

function done(summary, latency, requests)
  local server_errors, not_ok, toggles = 0, 0, 0
  for _, thread in ipairs(threads) do
    server_errors = server_errors + (thread:get("server_errors") or 0)
    not_ok = not_ok + (thread:get("not_ok") or 0)
    toggles = toggles + (thread:get("toggles") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "non_2xx_3xx": %d, ' ..
    '"server_errors": %d, "not_ok": %d, "toggles": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.timeout, errors.status,
    server_errors, not_ok, toggles))
end
