# Nearest-rank latency percentiles of numbers in microseconds, one per line, sorted ascending (pgbench's
# per-transaction log, field 3, through sort -n). Prints them in ms in the form the wrk script uses.
{ t[++n] = $1 }
END {
  if (n == 0) { print "BENCH requests=0 p50=0 p95=0 p99=0"; exit }
  printf "BENCH requests=%d p50=%.2f p95=%.2f p99=%.2f\n", n, rank(50) / 1000, rank(95) / 1000, rank(99) / 1000
}
function rank(p,   i) { i = int(p / 100 * n + 0.999999); if (i < 1) i = 1; return t[i] }
