-- wrk's request generator for the heartbeat intake benchmark (throughput.ts): one heartbeat per
-- request, the agents taken in turn, as the autocannon load does with its prebuilt bodies.
-- env: BENCH_AGENTS (how many agents), BENCH_AGENT_PREFIX (their ids are <prefix>-<n>), BENCH_AT
-- (the heartbeat's timestamp).
local agents = tonumber(os.getenv("BENCH_AGENTS") or "10000")
local prefix = os.getenv("BENCH_AGENT_PREFIX") or "bench"
local at = os.getenv("BENCH_AT") or "2026-01-01T00:00:00.000Z"
local next_agent = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  next_agent = (next_agent + 1) % agents
  local body = '{"agent_id":"' .. prefix .. "-" .. next_agent .. '","status":"on_track","timestamp":"' .. at .. '"}'
  return wrk.format(nil, nil, nil, body)
end
