-- wrk script for GET scenarios (OGC API items and tiles): the path comes from the URL wrk is given, the API key
-- from BENCH_KEY. Prints the same BENCH line as graphql.lua. Non-2xx answers count as http_errors in wrk.
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
wrk.headers["Accept"] = "application/geo+json, application/json, application/vnd.mapbox-vector-tile"

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.2f p50=%.2f p95=%.2f p99=%.2f http_errors=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
