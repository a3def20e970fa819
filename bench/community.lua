-- wrk: GET community paths with the benchmark user's token (env BENCH_TOKEN), cycling over
-- BENCH_COMMUNITY_PATHS (space-separated; written by community_bench --wrk-env): feed pages
-- behind a deep cursor, or post pages with 50 comments.
local token = os.getenv("BENCH_TOKEN")
local paths = {}
for p in string.gmatch(os.getenv("BENCH_COMMUNITY_PATHS") or "", "%S+") do paths[#paths + 1] = p end
if #paths == 0 then paths[1] = "/v1/community/posts" end
local i = 0

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Authorization"] = "Bearer " .. token})
end
