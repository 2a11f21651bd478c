-- wrk script for the benchmark: POSTs one GraphQL request (JSON body read from the file in BENCH_BODY)
-- with the API key in BENCH_KEY and prints one line of figures that bench/run.sh reads. Answers are not
-- read here: handing every body to Lua cost wrk 0.18 ms of CPU per 83 KB answer, on the two cores the
-- server shares with it. bench/run.sh instead reads the server's count of GraphQL responses with errors
-- before and after the run (a fast error must not pass for a fast answer), and wrk counts HTTP errors.
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
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
