-- TechEmpower's pipelining script: each write carries `depth` requests (16 in its plaintext test).
init = function(args)
  local r = {}
  local depth = tonumber(args[1]) or 1
  for i = 1, depth do
    r[i] = wrk.format()
  end
  req = table.concat(r)
end

request = function()
  return req
end
