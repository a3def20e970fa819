-- wrk: GET /v1/calendar?month=… cycling over the months of the seeded period (env BENCH_MONTHS:
-- space-separated YYYY-MM list). After the first pass every month is cached: this measures the
-- warm path; the cold path (the cache dropped before each call) is measured in-process by
-- records_bench, since over HTTP any repeat is a cache hit by design.
local token = os.getenv("BENCH_TOKEN")
local months = {}
for m in string.gmatch(os.getenv("BENCH_MONTHS") or "", "%S+") do months[#months + 1] = m end
local i = 0

function request()
  i = i + 1
  local m = months[(i % #months) + 1]
  return wrk.format("GET", "/v1/calendar?month=" .. m, {["Authorization"] = "Bearer " .. token})
end
