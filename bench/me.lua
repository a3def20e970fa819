-- wrk: GET /v1/me with the benchmark user's access token (env BENCH_TOKEN).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
