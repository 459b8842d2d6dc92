-- wrk script for bench/comments_vs_isso.py: posts unique comments, or reads a thread, and counts the answers.
--
--   wrk ... -s bench/lua/comments.lua URL -- masthead-post TAG ACCOUNTS_FILE
--   wrk ... -s bench/lua/comments.lua URL -- masthead-floor TAG ACCOUNTS_FILE
--   wrk ... -s bench/lua/comments.lua URL -- isso-post TAG
--   wrk ... -s bench/lua/comments.lua URL -- get
--
-- masthead-post: a JSON body {"text", "submission_key": ""} with the session and CSRF cookies and the X-CSRFToken
-- header of one of the accounts in ACCOUNTS_FILE (a line each: "sessionid csrftoken-cookie csrf-header"),
-- taking the next account on every request. masthead-floor: the same request without "text", which the API's
-- schema refuses (422) after the session, user, CSRF check and JSON parsing, before the view runs. isso-post: {"text", "author": "bench"}, no cookies. Every text is
-- one of a few ordinary reader comments followed by "(TAG-thread-counter)", so no two posts of one run, nor of
-- two runs with different TAGs, are the same text. At the end one line is printed:
--   COUNTS 2xx=N 3xx=N 4xx=N 5xx=N

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local texts = {
  "Thank you for the clear report on the council budget; the figures on school repairs were new to me.",
  "I live two streets from the new bus depot and the noise at night is exactly as the residents describe it.",
  "Good to see the library hours extended again, my children use the reading room every afternoon.",
  "Will the tram timetable change again once the works on the bridge are finished, or is this for good?",
  "The photo of the market square brought back memories; my grandparents sold vegetables there for years.",
  "I disagree with the columnist about parking fees, but the article explains both sides fairly.",
  "Is there a date for the public hearing on the river embankment plan? I would like to attend.",
  "Well written piece about the volunteers at the food bank, they deserve far more attention than they get.",
}

local mode, tag, accounts, fixed
local counter = 0
counts = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0 }

function init(args)
  mode = args[1] or "get"
  tag = args[2] or "r"
  accounts = {}
  if mode == "masthead-post" or mode == "masthead-floor" then
    for line in io.lines(args[3]) do
      local session, cookie, header = line:match("^(%S+)%s+(%S+)%s+(%S+)$")
      if session then
        accounts[#accounts + 1] = {
          cookie = "sessionid=" .. session .. "; csrftoken=" .. cookie,
          header = header,
        }
      end
    end
    assert(#accounts > 0, "no accounts in " .. tostring(args[3]))
  elseif mode == "get" then
    fixed = wrk.format("GET")
  end
end

function request()
  if fixed then
    return fixed
  end
  counter = counter + 1
  local text = texts[(counter + id) % #texts + 1] .. " (" .. tag .. "-" .. id .. "-" .. counter .. ")"
  local headers = { ["Content-Type"] = "application/json" }
  local body
  if mode == "masthead-post" or mode == "masthead-floor" then
    local account = accounts[(counter + id * 17) % #accounts + 1]
    headers["Cookie"] = account.cookie
    headers["X-CSRFToken"] = account.header
    body = '{"text": "' .. text .. '", "submission_key": ""}'
    if mode == "masthead-floor" then
      body = '{"submission_key": ""}'
    end
  else
    body = '{"text": "' .. text .. '", "author": "bench"}'
  end
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  local class = tostring(math.floor(status / 100)) .. "xx"
  counts[class] = (counts[class] or 0) + 1
end

function done(summary, latency, requests)
  local total = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0 }
  for _, thread in ipairs(threads) do
    local mine = thread:get("counts")
    for class, n in pairs(mine) do
      total[class] = (total[class] or 0) + n
    end
  end
  io.write(string.format("COUNTS 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", total["2xx"], total["3xx"], total["4xx"], total["5xx"]))
end
