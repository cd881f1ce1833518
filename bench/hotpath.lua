-- wrk script of the hot-path benchmark (bench/hotpath.py): one thread per connection, each a logged-in
-- member going home -> period -> task -> autosave -> submit, then the next member of its share.
--
-- HOTPATH_MODE: "closed" (no think time), "open" (each connection sends on a fixed schedule, every
-- HOTPATH_INTERVAL_MS; latency counts from the scheduled time, so a slow server cannot hide its queue)
-- "floor" (GET / of the floor app) or "member_floor" (GET /member-ok/ of bench/member_floor_settings.py,
-- as each member in turn). HOTPATH_DATA: the Lua file of members' sessions that the bench
-- wrote. A response other than the expected one (200, or 302 to the task after a submit) is an error.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } hotpath_timespec;
  int clock_gettime(int clock, hotpath_timespec *ts);
]]
local timespec = ffi.new("hotpath_timespec")
local function now_us()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000000 + tonumber(timespec.tv_nsec) / 1000
end

local MODE = os.getenv("HOTPATH_MODE") or "closed"
local STEPS = { "home", "period", "task", "autosave", "submit" }
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("tid", count)
  table.insert(threads, thread)
end

function init(args)
  mode = MODE
  nthreads = tonumber(os.getenv("HOTPATH_THREADS"))
  interval_us = tonumber(os.getenv("HOTPATH_INTERVAL_MS") or "0") * 1000
  local data = dofile(os.getenv("HOTPATH_DATA"))
  users = {}
  for i = tid, #data.users, nthreads do
    users[#users + 1] = data.users[i]
  end
  base = "/fi/periods/" .. data.period .. "/"
  task_path = base .. "tasks/" .. data.task .. "/"
  form = data.form
  step, member, user, version, journeys = 0, 0, nil, "0", 0
  bad, done_requests = 0, 0
  latencies = {}
  -- Flat per-step lists: wrk's thread:get cannot copy nested tables.
  step1, step2, step3, step4, step5 = {}, {}, {}, {}, {}
  next_at, scheduled, started = nil, 0, 0
end

if MODE == "open" then
  function delay()
    local now = now_us()
    if next_at == nil then
      -- Spread the connections' first sends over one interval.
      next_at = now + interval_us * (tid - 1) / nthreads
    end
    scheduled = next_at
    next_at = next_at + interval_us
    local wait = (scheduled - now) / 1000
    return wait > 0 and math.floor(wait) or 0
  end
end

local function post(path, body)
  return wrk.format("POST", path, {
    ["Cookie"] = "sessionid=" .. user.s .. "; csrftoken=" .. user.c,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end

local function get(path)
  return wrk.format("GET", path, { ["Cookie"] = "sessionid=" .. user.s .. "; csrftoken=" .. user.c })
end

function request()
  started = now_us()
  if mode ~= "open" then
    scheduled = started
  end
  if mode == "floor" then
    step = 1
    return wrk.format("GET", "/")
  end
  if mode == "member_floor" then
    step = 1
    member = member % #users + 1
    user = users[member]
    return get("/member-ok/")
  end
  step = step % 5 + 1
  if step == 1 then
    member = member % #users + 1
    user = users[member]
    journeys = journeys + 1
  end
  if step == 1 then
    return get("/fi/me/")
  elseif step == 2 then
    return get(base)
  elseif step == 3 then
    return get(task_path)
  end
  local body = "csrfmiddlewaretoken=" .. user.c .. "&version=" .. version .. "&" .. form .. "+" .. journeys
  if step == 4 then
    return post(task_path .. "autosave/", body)
  end
  return post(task_path, body)
end

function response(status, headers, body)
  local latency = now_us() - scheduled
  done_requests = done_requests + 1
  latencies[#latencies + 1] = latency
  local list = _G["step" .. step]
  list[#list + 1] = latency
  if mode == "floor" or mode == "member_floor" then
    if status ~= 200 then
      bad = bad + 1
    end
    return
  end
  if step == 5 then
    local location = headers["Location"] or headers["location"] or ""
    if status ~= 302 or not string.find(location, task_path, 1, true) then
      bad = bad + 1
    end
    return
  end
  if status ~= 200 then
    bad = bad + 1
    return
  end
  if step == 3 then
    version = string.match(body, 'name="version" value="(%d+)"') or version
  elseif step == 4 then
    version = string.match(body, '"version": ?(%d+)') or version
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then
    return 0
  end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))] / 1000
end

function done(summary, latency, requests)
  local all, bad_total, steps = {}, 0, { {}, {}, {}, {}, {} }
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    for _, value in ipairs(thread:get("latencies")) do
      all[#all + 1] = value
    end
    for i = 1, 5 do
      for _, value in ipairs(thread:get("step" .. i)) do
        steps[i][#steps[i] + 1] = value
      end
    end
  end
  table.sort(all)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1000000
  local parts = {}
  for i = 1, 5 do
    table.sort(steps[i])
    if #steps[i] > 0 then
      parts[#parts + 1] = string.format(
        '"%s": {"requests": %d, "p50_ms": %.1f, "p99_ms": %.1f}',
        STEPS[i], #steps[i], percentile(steps[i], 50), percentile(steps[i], 99)
      )
    end
  end
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "errors": %d, "socket_errors": %d, "status_errors": %d, '
      .. '"unexpected": %d, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "steps": {%s}}\n',
    summary.requests, summary.requests / seconds, socket_errors + bad_total, socket_errors, e.status, bad_total,
    percentile(all, 50), percentile(all, 95), percentile(all, 99), percentile(all, 100), table.concat(parts, ", ")
  ))
end
