-- POST an upvote: request k goes to hot question k % #HOT by user floor(k / #HOT), so each
-- (user, question) pair is used once and every connection hammers the same few rows.
local k = 0
function init(args)
  sessions = load_sessions(SESSIONS)
  k = tid
end

function request()
  local user = sessions[math.floor(k / #HOT) % #sessions + 1]
  local question = HOT[k % #HOT + 1]
  k = k + THREADS
  if BARE then
    return wrk.format("POST", "/bare/questions/" .. question .. "/upvote/" .. user.uid, BASE_HEADERS, "")
  end
  local headers = merge(BASE_HEADERS, {Cookie = user.cookie, ["X-CSRF-Token"] = user.csrf})
  return wrk.format("POST", "/api/questions/" .. question .. "/upvote", headers, "")
end
