-- wrk script: POST a realistic beacon with a unique event ID per request.
local counter = 0
local thread_id = 0
setup = function(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
init = function(args)
  tid = tonumber(tid) or 0
end
request = function()
  counter = counter + 1
  local id = string.format("evt-%d-%d-%d", tid, counter, math.random(1, 1000000000))
  local vid = string.format("vid-bench-%04d", counter % 1000)
  local body = '{"v":1,"vid":"' .. vid .. '","consent":{"ads":true},"ids":{"gclid":"G-' .. counter % 97 ..
    '","fbp":"fb.1.1700000000000.12345"},"events":[{"id":"' .. id ..
    '","name":"pageView","ts":1700000000000,"url":"https://shop.test/products/42","ref":"https://shop.test/"}]}'
  return wrk.format("POST", "/app-data/e", { ["Content-Type"] = "text/plain;charset=UTF-8" }, body)
end
