-- POST /incidents across the desks, as operators would create them.
local units = {"POLDA-NTT", "POLRES-BELU", "POLRES-ALOR", "POLRES-SIKKA", "POLRES-ENDE", "POLRESTA-KUPANG-KOTA"}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i + 1
  local body = string.format('{"unit":"%s","category":"KECELAKAAN","summary":"Tabrakan di jalan raya %d",'
    .. '"caller":{"phone":"0812%07d"},"reportedBy":"bench"}', units[i % #units + 1], i, i % 10000000)
  return wrk.format(nil, "/incidents", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("p95_us %d\n", latency:percentile(95)))
end
