-- The benchmark's load run (manage.py bench): one URL, wrk's own request. done()
-- prints the totals and the latency percentiles (in microseconds) as JSON on one
-- line after "BENCH ", for registry/perf/benchmark/load.py to read.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "status_errors": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "bytes": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.bytes))
end
