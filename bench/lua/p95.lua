-- wrk script for bench/run.py: the plain GET of the URL given to wrk, plus the 95th latency percentile, which
-- wrk's --latency table (50/75/90/99) leaves out. Only done() is defined, so wrk sends its usual static request
-- and runs no Lua per request: the load is the same as without a script.
--
--   wrk ... -s bench/lua/p95.lua URL
--
-- At the end one line is printed:  P95_MS <milliseconds>

function done(summary, latency, requests)
  io.write(string.format("P95_MS %.3f\n", latency:percentile(95) / 1000))
end
