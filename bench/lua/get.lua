-- GET one path (PATH) with the first session's cookie, or rotate through PATHS when given.
local n = 0
function init(args)
  local headers = BASE_HEADERS
  if SESSIONS ~= "" then
    local s = load_sessions(SESSIONS)[1]
    headers = merge(headers, {Cookie = s.cookie})
  end
  request_headers = headers
  n = tid
end

function request()
  local path = PATH
  if PATHS ~= nil and #PATHS > 0 then
    path = PATHS[n % #PATHS + 1]
    n = n + 1
  end
  return wrk.format("GET", path, request_headers)
end
