-- wrk script of the burst benchmark (bench/burst.py): applicants fetch the application form and post it,
-- as a browser does, each on the schedule of an open loop.
--
-- One wrk thread drives every connection from one queue. Applicant i is due at BURST_START_US +
-- (i - 1) / BURST_RATE (CLOCK_MONOTONIC, the clock of Python's time.monotonic); a free connection
-- claims the next due step: an applicant's post as soon as its form has come back, otherwise the next
-- applicant's form fetch at its due time. Applicants not claimed BURST_SECONDS after the start are not
-- sent. wrk's callbacks do not say which connection an answer came on, so every request carries an
-- X-Request-ID naming its applicant and step, which the app echoes behind its trusted proxy
-- (PROXY_COUNT=1).
--
-- BURST_DATA: one applicant a line, "address<TAB>urlencoded form fields" (without the CSRF token).
-- BURST_PATH: the form's path. When every claimed step has been answered and nothing is left to claim,
-- the script prints "drained" (bench/burst.py then stops wrk); done() prints the tallies as JSON.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } burst_timespec;
  int clock_gettime(int clock, burst_timespec *ts);
]]
local timespec = ffi.new("burst_timespec")
local function now_us()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000000 + tonumber(timespec.tv_nsec) / 1000
end

-- A connection with nothing left to send waits past the end of the run.
local IDLE_MS = 3600 * 1000
local the_thread

function setup(thread)
  the_thread = thread
end

function init(args)
  start_us = tonumber(os.getenv("BURST_START_US"))
  interval_us = 1000000 / tonumber(os.getenv("BURST_RATE"))
  close_us = start_us + tonumber(os.getenv("BURST_SECONDS")) * 1000000
  path = os.getenv("BURST_PATH")
  -- Each connection first fetches a cheap page, so that no new connection sits idle waiting for its first
  -- applicant: gunicorn's gthread worker holds a thread for up to five seconds on a silent new connection.
  warmups = tonumber(os.getenv("BURST_CONNECTIONS"))
  applicants = {}
  for line in io.lines(os.getenv("BURST_DATA")) do
    local address, fields = line:match("^([^\t]+)\t(.*)$")
    applicants[#applicants + 1] = { address = address, fields = fields }
  end
  next_form = 1 -- the next applicant whose form fetch nobody has claimed
  posts_ready = {} -- applicants whose form came back, waiting for a connection to post
  claims = {} -- steps claimed by connections waiting for their due time, earliest first
  in_flight = {} -- request id -> { applicant, step, sent_at }
  in_flight_count = 0
  -- wrk calls request() once before the run, to check the request it builds: that one is not sent.
  started, closed, drained = false, false, false
  -- Flat tallies: wrk's thread:get cannot copy nested tables.
  sent, accepted, throttled, refused, errors, last_sent_us = 0, 0, 0, 0, 0, 0
  accepted_applicants, post_ms, form_ms = {}, {}, {}
end

local function claim()
  -- The next step for a free connection: { applicant, step, due } or nil when nothing is left.
  if #posts_ready > 0 then
    return { applicant = table.remove(posts_ready, 1), step = "post", due = 0 }
  end
  if next_form > #applicants or now_us() > close_us then
    closed = true
    return nil
  end
  local step = { applicant = next_form, step = "form", due = start_us + (next_form - 1) * interval_us }
  next_form = next_form + 1
  return step
end

local function drain_check()
  if closed and not drained and in_flight_count == 0 and #posts_ready == 0 and #claims == 0 then
    drained = true
    io.write("drained\n")
    io.flush()
  end
end

function delay()
  started = true
  local step
  if warmups > 0 then
    warmups = warmups - 1
    step = { step = "warmup", due = 0 }
  else
    step = claim()
  end
  if step == nil then
    drain_check()
    return IDLE_MS
  end
  -- Claims are kept in due order: the connection whose timer fires first sends the earliest one.
  local at = #claims + 1
  while at > 1 and claims[at - 1].due > step.due do
    at = at - 1
  end
  table.insert(claims, at, step)
  local wait = (step.due - now_us()) / 1000
  return wait > 0 and math.floor(wait) or 0
end

local function filler()
  -- A cheap page nobody counts: the warm-up, and the answer when wrk asks for a request with nothing
  -- left to claim (after a broken connection reconnects, wrk asks without calling delay() first).
  return wrk.format("GET", "/healthz", { ["X-Request-ID"] = "burst-filler" })
end

function request()
  if not started then
    return filler()
  end
  local step = table.remove(claims, 1) or claim()
  if step == nil or step.step == "warmup" then
    return filler()
  end
  local applicant = applicants[step.applicant]
  local id = string.format("burst-%06d-%s", step.applicant, step.step)
  local headers = { ["X-Forwarded-For"] = applicant.address, ["X-Request-ID"] = id }
  in_flight[id] = { applicant = step.applicant, step = step.step, sent_at = now_us() }
  in_flight_count = in_flight_count + 1
  if step.step == "form" then
    return wrk.format("GET", path, headers)
  end
  headers["Cookie"] = "csrftoken=" .. applicant.cookie
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  return wrk.format("POST", path, headers, "csrfmiddlewaretoken=" .. applicant.token .. "&" .. applicant.fields)
end

function response(status, headers, body)
  local id = headers["X-Request-ID"] or headers["x-request-id"] or ""
  local step = in_flight[id]
  if step == nil then
    return -- the filler, or an answer without our id (its step counts as an error: never answered)
  end
  in_flight[id] = nil
  in_flight_count = in_flight_count - 1
  local now = now_us()
  local took_ms = (now - step.sent_at) / 1000
  local applicant = applicants[step.applicant]
  if step.step == "form" then
    form_ms[#form_ms + 1] = took_ms
    local token = status == 200 and body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
    local cookie = (headers["Set-Cookie"] or headers["set-cookie"] or ""):match("csrftoken=([^;]+)")
    if token and cookie then
      applicant.token, applicant.cookie = token, cookie
      posts_ready[#posts_ready + 1] = step.applicant
      sent = sent + 1
      last_sent_us = math.max(last_sent_us, now)
    else
      errors = errors + 1
    end
  else
    post_ms[#post_ms + 1] = took_ms
    local location = (headers["Location"] or headers["location"] or ""):match("^[^?#]*")
    if status == 302 and location:sub(-8) == "/thanks/" then
      accepted = accepted + 1
      accepted_applicants[#accepted_applicants + 1] = step.applicant
    elseif status == 429 then
      throttled = throttled + 1
    elseif status >= 500 then
      errors = errors + 1
    else
      refused = refused + 1
    end
  end
  drain_check()
end

local function numbers(list, format)
  local parts = {}
  for i, value in ipairs(list) do
    parts[i] = string.format(format, value)
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end

function done(summary, latency, requests)
  local t = the_thread
  -- A step still in flight when wrk stopped was never answered: an error, as a dropped connection is.
  local unanswered = t:get("in_flight_count")
  io.write(string.format(
    '{"sent": %d, "accepted": %d, "throttled": %d, "refused": %d, "errors": %d, "last_sent_s": %.3f, '
      .. '"accepted_applicants": %s, "post_ms": %s, "form_ms": %s}\n',
    t:get("sent"), t:get("accepted"), t:get("throttled"), t:get("refused"), t:get("errors") + unanswered,
    (t:get("last_sent_us") - t:get("start_us")) / 1000000,
    numbers(t:get("accepted_applicants"), "%d"), numbers(t:get("post_ms"), "%.1f"), numbers(t:get("form_ms"), "%.1f")
  ))
end
