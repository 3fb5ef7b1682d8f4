-- GET /incidents: the searches a supervisor runs — by desk, by status, by text, by category and dates.
local paths = {
  "/incidents?unit=POLRES-BELU",
  "/incidents?status=PRANK&size=50",
  "/incidents?q=banjir",
  "/incidents?category=KERUSUHAN&from=2026-01-01&to=2026-03-31",
  "/incidents?unit=POLDA-NTT&status=RECEIVED",
  "/incidents?q=longsor&unit=POLRES-ENDE",
  "/incidents?page=40&size=50",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end
