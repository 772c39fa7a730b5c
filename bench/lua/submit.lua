-- POST a new question: users and wording rotate so no two bodies are the same.
local k = 0
local words = {"roadmap", "hiring", "office", "remote", "budget", "release", "training", "benefits", "onboarding", "security"}
function init(args)
  sessions = load_sessions(SESSIONS)
  k = tid
end

function request()
  local user = sessions[k % #sessions + 1]
  local body = string.format('{"body": "Benchmark question %d: what is the plan for %s and %s next quarter?", "teamId": "%s"}',
    k, words[k % #words + 1], words[math.floor(k / 7) % #words + 1], TEAM)
  k = k + THREADS
  if BARE then
    return wrk.format("POST", "/bare/questions/" .. user.uid, merge(BASE_HEADERS, {["Content-Type"] = "application/json"}), body)
  end
  local headers = merge(BASE_HEADERS, {Cookie = user.cookie, ["X-CSRF-Token"] = user.csrf, ["Content-Type"] = "application/json"})
  return wrk.format("POST", "/api/questions", headers, body)
end
