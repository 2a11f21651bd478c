-- wrk script for bench/tiles.sh: GETs the URL wrk was given with the API key in BENCH_KEY (Authorization: Bearer)
-- and, when BENCH_IF_NONE_MATCH is set, that entity tag (to time revalidations). Prints the BENCH line of
-- graphql.lua. Bodies are not read here (see graphql.lua); wrk counts answers of status 400 or more as http_errors.
wrk.method = "GET"
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end
local etag = os.getenv("BENCH_IF_NONE_MATCH")
if etag and etag ~= "" then
  wrk.headers["If-None-Match"] = etag
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
