-- wrk script for the hostile clients of bench/hostile.sh: each request is the next of the JSON bodies listed
-- (one file name a line) in BENCH_BODIES, so three connections keep sending every kind of worst request.
-- Prints the same BENCH line as graphql.lua (http_errors: answers with a status of 400 or more).
local bodies = {}
for name in io.lines(os.getenv("BENCH_BODIES")) do
  local f = assert(io.open(name, "rb"))
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
local key = os.getenv("BENCH_KEY")
local n = 0

function request()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json" }
  if key and key ~= "" then headers["Authorization"] = "Bearer " .. key end
  return wrk.format("POST", nil, headers, bodies[(n % #bodies) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.2f p50=%.2f p95=%.2f p99=%.2f http_errors=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
