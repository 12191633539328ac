-- wrk script: POST the beacon a consenting visitor's tag sends (a pageView with a unique event ID),
-- with the cookies that visitor's browser carries (server visitor ID, a click ID, Meta's _fbp), so
-- the collector reads the click IDs and merges into one of 1,000 returning visitors.
-- BENCH_PACE_MS set: each connection waits a random 0..2x that many ms before each request, which
-- holds the load near connections * 1000 / (pace + latency) requests/s (the half-load run).
local counter = 0
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "")
if pace then
  delay = function()
    return math.random() * 2 * pace
  end
end
request = function()
  counter = counter + 1
  local id = string.format("evt-%d-%d", counter, math.random(1, 1000000000))
  local cookie = string.format("_tdm_vid=vid-bench-%04d; _tdm_gclid=G-%d; _fbp=fb.1.1700000000000.12345",
    counter % 1000, counter % 97)
  local body = '{"v":1,"consent":{"ads":true},"events":[{"id":"' .. id ..
    '","name":"pageView","ts":1700000000000,"url":"https://shop.test/products/42","ref":"https://shop.test/"}]}'
  return wrk.format("POST", "/app-data/e", { ["Content-Type"] = "text/plain;charset=UTF-8", ["Cookie"] = cookie }, body)
end
