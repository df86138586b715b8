-- wrk script for bench/run.py: one signed-in user per thread (cookie), GET or POST, results as JSON.
-- BENCH_COOKIES: cookie headers separated by "|" (thread n takes the n-th, wrapping around); "-" sends none
-- BENCH_BODIES: for POST, form bodies in files, separated by "|", in the same order as the cookies
-- BENCH_PATHS: optional paths per user, separated by "|"
-- BENCH_METHOD: GET (default) or POST

local function split(s)
  local out = {}
  if s == nil or s == "" then return out end
  for part in string.gmatch(s, "([^|]+)") do table.insert(out, part) end
  return out
end

local cookies = split(os.getenv("BENCH_COOKIES"))
local bodies = split(os.getenv("BENCH_BODIES"))
local paths = split(os.getenv("BENCH_PATHS"))
local method = os.getenv("BENCH_METHOD") or "GET"
local threads = {}
local counter = 0

function setup(thread)
  local n = (counter % #cookies) + 1
  counter = counter + 1
  thread:set("cookie", cookies[n])
  if #paths > 0 then thread:set("path", paths[n]) end
  if method == "POST" then
    local f = assert(io.open(bodies[n], "rb"))
    thread:set("body", f:read("*a"))
    f:close()
  end
  table.insert(threads, thread)
end

function init(args)
  local headers = {}
  if cookie ~= "-" then headers["Cookie"] = cookie end  -- "-": a visitor without a cookie
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    request_data = wrk.format("POST", path or wrk.path, headers, body)
  else
    request_data = wrk.format("GET", path or wrk.path, headers)
  end
  responses = {}
end

function request()
  return request_data
end

function response(status, headers, body)
  responses[status] = (responses[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  local codes = {}
  for _, thread in ipairs(threads) do
    local r = thread:get("responses")
    for status, n in pairs(r) do codes[tostring(status)] = (codes[tostring(status)] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(codes) do table.insert(parts, string.format('"%s": %d', status, n)) end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "errors_connect": %d, "errors_read": %d, ' ..
    '"errors_write": %d, "errors_timeout": %d, "errors_status": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "codes": {%s}}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, table.concat(parts, ", ")))
end
