-- wrk: PUT /v1/records/{uuid} creating a new peak-flow record per request (a fresh random
-- UUID each time, so every request is a real insert, not an idempotent replay).
-- Env: BENCH_TOKEN (access token).
local token = os.getenv("BENCH_TOKEN")
local thread_seed = 0

function setup(thread)
  thread_seed = thread_seed + 1
  thread:set("seed", thread_seed)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

local function hex(n)
  local s = {}
  for i = 1, n do s[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(s)
end

function request()
  -- RFC 9562 v4 layout: version nibble 4, variant 8.
  local id = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-8" .. hex(3) .. "-" .. hex(12)
  local pef = math.random(250, 550)
  local body = '{"type":"lung_function","occurred_at":"2026-11-20T08:30:00Z","time_zone":"Asia/Seoul",' ..
               '"memo":"bench","lung_function":{"pef":' .. pef .. '}}'
  return wrk.format("PUT", "/v1/records/" .. id,
                    {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}, body)
end
