-- wrk script for bench/run.py: the search page for a few words in turn, and the 95th latency percentile.
--
--   wrk ... -s bench/lua/search.lua http://127.0.0.1:PORT -- /search/ council budget residents
--
-- The first argument is the search page's path, the others are the words; each of wrk's threads takes the next
-- word on every request, the threads starting at different words. The requests are built once, in init().
-- At the end one line is printed:  P95_MS <milliseconds>

local requests = {}
local threads = 0
local counter = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

local function escape(text)
  return (text:gsub("[^%w%-_.~]", function(char)
    return string.format("%%%02X", string.byte(char))
  end))
end

function init(args)
  local path = args[1] or "/search/"
  for index = 2, #args do
    requests[#requests + 1] = wrk.format("GET", path .. "?q=" .. escape(args[index]))
  end
  assert(#requests > 0, "no search words given")
  counter = offset
end

function request()
  counter = counter % #requests + 1
  return requests[counter]
end

function done(summary, latency, requests_done)
  io.write(string.format("P95_MS %.3f\n", latency:percentile(95) / 1000))
end
