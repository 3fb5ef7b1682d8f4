-- POST /routes with a mix of what the telephony platform sends: GPS fixes at every regency capital and off the
-- coasts (real boundary file), cells, landlines and mobiles. Each request picks the next body in turn.
local bodies = {
  '{"location":{"lat":-10.0642,"lon":123.8787,"accuracyMeters":15}}',
  '{"location":{"lat":-9.86071,"lon":124.28395,"accuracyMeters":15}}',
  '{"location":{"lat":-9.44667,"lon":124.47806,"accuracyMeters":15}}',
  '{"location":{"lat":-9.10611,"lon":124.8925,"accuracyMeters":15}}',
  '{"location":{"lat":-8.2151,"lon":124.5458,"accuracyMeters":15}}',
  '{"location":{"lat":-8.3468,"lon":122.9771,"accuracyMeters":15}}',
  '{"location":{"lat":-8.6199,"lon":122.2111,"accuracyMeters":15}}',
  '{"location":{"lat":-8.8432,"lon":121.6623,"accuracyMeters":15}}',
  '{"location":{"lat":-8.7848,"lon":120.9744,"accuracyMeters":15}}',
  '{"location":{"lat":-8.61139,"lon":120.46444,"accuracyMeters":15}}',
  '{"location":{"lat":-9.6567,"lon":120.2641,"accuracyMeters":15}}',
  '{"location":{"lat":-9.6475,"lon":119.3889,"accuracyMeters":15}}',
  '{"location":{"lat":-8.3723,"lon":123.418,"accuracyMeters":15}}',
  '{"location":{"lat":-10.7263,"lon":123.0492,"accuracyMeters":15}}',
  '{"location":{"lat":-8.4964,"lon":119.8877,"accuracyMeters":15}}',
  '{"location":{"lat":-8.5613,"lon":121.2717,"accuracyMeters":15}}',
  '{"location":{"lat":-9.5432,"lon":119.6687,"accuracyMeters":15}}',
  '{"location":{"lat":-9.4283,"lon":119.238,"accuracyMeters":15}}',
  '{"location":{"lat":-8.8125,"lon":120.60972,"accuracyMeters":15}}',
  '{"location":{"lat":-10.4933,"lon":121.8393,"accuracyMeters":15}}',
  '{"location":{"lat":-9.56722,"lon":124.9075,"accuracyMeters":15}}',
  '{"location":{"lat":-10.17083,"lon":123.60694,"accuracyMeters":15}}',
  '{"location":{"lat":-10.98,"lon":123.1}}',
  '{"location":{"lat":-8.45,"lon":122.25}}',
  '{"location":{"lat":-13.0,"lon":121.0}}',
  '{"cell":"bench-cell-1"}',
  '{"regency":"53.17"}',
  '{"caller":"0386 21110"}',
  '{"caller":"+62380 821110"}',
  '{"caller":"0812 3456 7890"}',
}
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/routes", nil, bodies[i])
end
