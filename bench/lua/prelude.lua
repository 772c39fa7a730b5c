-- Shared by every benchmark script: per-thread status counts and a JSON summary line for bench/wrk.py.
-- bench/wrk.py prepends the constants (BASE_HEADERS, SESSIONS, ...) as Lua globals.
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- "cookie<TAB>csrf<TAB>user id" per line (bench/sessions.py)
function load_sessions(path)
  local list = {}
  for line in io.lines(path) do
    local cookie, csrf, uid = line:match("^([^\t]*)\t([^\t]*)\t?([^\t]*)$")
    list[#list + 1] = {cookie = cookie, csrf = csrf, uid = uid}
  end
  return list
end

function merge(a, b)
  local out = {}
  for k, v in pairs(a) do out[k] = v end
  for k, v in pairs(b) do out[k] = v end
  return out
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses") or {}) do
      counts[#counts + 1] = string.format('"%d": %d', code, n)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}, "statuses": [%s]}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean, e.connect, e.read, e.write, e.status, e.timeout,
    "{" .. table.concat(counts, "}, {") .. "}"))
end
