-- The load run (manage.py load_run): a mix of paths, given after "--" on wrk's
-- command line (args[0] is the URL). Each thread walks the list of paths in turn,
-- from its own place, and counts the answers by status; done() adds the threads'
-- counts up and prints them with the latencies (in microseconds) as JSON on one
-- line after "LOAD ".
local threads = {}
local counter = 1
setup = function(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
init = function(args)
  paths = {}
  for n = 1, #args do
    paths[n] = args[n]
  end
  statuses = {}
  i = id
end
request = function()
  i = (i % #paths) + 1
  return wrk.format("GET", paths[i])
end
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'LOAD {"requests": %d, "duration_us": %d, "socket_errors": %d, '
    .. '"p50": %d, "p95": %d, "p99": %d, "max": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, table.concat(parts, ", ")))
end
