// The three scripts a circuit runs. Every one reads Redis `TIME` itself (Redis 7 replicates
// scripts by effect, so a script may write after reading the time), touches only its four
// keys (one hash tag, so one Cluster slot) and renews their TTL. No script ever waits.
//
// KEYS: 1 state hash (s state, g generation, r reopens, c changedAt, t retryAt or 'inf', l lease
// counter), 2 window hash ('<bucket>:c|f|d' and '<bucket>:s:<threshold>'), 3 leases sorted set
// (member -> expiry), 4 seen hash (instance -> last applied batch number).

/** Keys per script call. */
export const KEY_COUNT = 4;

/** Longest TTL given to a key (an open circuit that never retries still expires), ms. */
export const MAX_TTL_MS = 30 * 24 * 3_600_000;

const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function read_state()
  local v = redis.call('HMGET', KEYS[1], 's', 'g', 'r', 'c', 't')
  return { s = v[1] or 'closed', g = tonumber(v[2] or '0'), r = tonumber(v[3] or '0'),
           c = v[4] or '', t = v[5] or '' }
end
local function write_state(st)
  redis.call('HSET', KEYS[1], 's', st.s, 'g', st.g, 'r', st.r, 'c', st.c)
  if st.t == '' then redis.call('HDEL', KEYS[1], 't') else redis.call('HSET', KEYS[1], 't', st.t) end
end
local function view(st, now)
  return { st.s, tostring(st.g), tostring(st.r), st.c, st.t, tostring(now) }
end
local function touch(st, now, ttl)
  if st.s == 'open' then
    if st.t == 'inf' then ttl = ${MAX_TTL_MS}
    elseif st.t ~= '' then ttl = math.max(ttl, tonumber(st.t) - now + ttl) end
  end
  ttl = math.min(ttl, ${MAX_TTL_MS})
  for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ttl) end
end
local function new_episode(st, now, to)
  st.g = st.g + 1
  st.s = to
  st.c = tostring(now)
  redis.call('DEL', KEYS[2], KEYS[3])
end
`;

/**
 * Adds one instance's outcome deltas (at most once per batch number, and only to the
 * generation they belong to), releases leases, drops aged buckets, returns the fleet.
 * ARGV: instance, seq, generation, bucketMs, buckets, ttlMs, deltas JSON
 * `[[bucket, calls, failures, duration, [[threshold, count], ...]], ...]`, releases JSON, since.
 *
 * The window has a version (state field `w`, bumped by every batch that adds outcomes, and
 * started from the clock so a window rebuilt after its keys expired never reuses one) and each
 * bucket the version of its last change (`<bucket>:v`). A reply carries only the buckets
 * changed after `since`, the version the sender last adopted, unless `since` is 0, from another
 * generation or unknown here: then every bucket (`partial` 0). At 10k calls/s that is one bucket
 * per reply instead of the whole window.
 * Reply: `{ view, version, partial 0|1, flat }`, flat = per bucket
 * `bucket, calls, failures, duration, n, threshold1, count1, ... thresholdn, countn` (duration
 * and thresholds as strings: they may be fractional).
 */
export const SYNC_LUA = `${PRELUDE}
local st = read_state()
local now = now_ms()
local current = math.floor(now / tonumber(ARGV[4]))
local oldest = current - tonumber(ARGV[5]) + 1
for _, id in ipairs(cjson.decode(ARGV[8])) do redis.call('ZREM', KEYS[3], id) end
local version = tonumber(redis.call('HGET', KEYS[1], 'w') or '0')
if version == 0 then
  version = now * 1000
  redis.call('HSET', KEYS[1], 'w', string.format('%d', version))
end
local since = tonumber(ARGV[9] or '0')
local partial = since > 0 and since <= version and tonumber(ARGV[3]) == st.g
local seq = tonumber(ARGV[2])
local seen = tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0')
if seq > seen then
  redis.call('HSET', KEYS[4], ARGV[1], seq)
  if tonumber(ARGV[3]) == st.g then
    local bumped = false
    for _, d in ipairs(cjson.decode(ARGV[7])) do
      local b = math.min(d[1], current)
      if b >= oldest and d[2] > 0 then
        if not bumped then
          version = redis.call('HINCRBY', KEYS[1], 'w', 1)
          bumped = true
        end
        redis.call('HSET', KEYS[2], b .. ':v', string.format('%d', version))
        redis.call('HINCRBY', KEYS[2], b .. ':c', d[2])
        if d[3] > 0 then redis.call('HINCRBY', KEYS[2], b .. ':f', d[3]) end
        if d[4] ~= 0 then redis.call('HINCRBYFLOAT', KEYS[2], b .. ':d', d[4]) end
        for _, s in ipairs(d[5]) do
          if s[2] > 0 then redis.call('HINCRBY', KEYS[2], b .. ':s:' .. s[1], s[2]) end
        end
      end
    end
  end
end
local flat = redis.call('HGETALL', KEYS[2])
local buckets = {}
local order = {}
for i = 1, #flat, 2 do
  local b, kind, threshold = string.match(flat[i], '^(-?%d+):(%a)(.*)$')
  b = tonumber(b)
  if b == nil or b < oldest then
    redis.call('HDEL', KEYS[2], flat[i])
  else
    local t = buckets[b]
    if t == nil then
      t = { v = 0, c = 0, f = 0, d = '0', s = {} }
      buckets[b] = t
      order[#order + 1] = b
    end
    local value = flat[i + 1]
    if kind == 'v' then t.v = tonumber(value)
    elseif kind == 'c' then t.c = tonumber(value)
    elseif kind == 'f' then t.f = tonumber(value)
    elseif kind == 'd' then t.d = value
    elseif kind == 's' then
      t.s[#t.s + 1] = string.sub(threshold, 2)
      t.s[#t.s + 1] = tonumber(value)
    end
  end
end
local out = {}
for _, b in ipairs(order) do
  local t = buckets[b]
  if t.c > 0 and (not partial or t.v > since) then
    out[#out + 1] = b
    out[#out + 1] = t.c
    out[#out + 1] = t.f
    out[#out + 1] = t.d
    out[#out + 1] = #t.s / 2
    for _, x in ipairs(t.s) do out[#out + 1] = x end
  end
end
touch(st, now, tonumber(ARGV[6]))
return { view(st, now), string.format('%d', version), partial and 1 or 0, out }
`;

/**
 * Compare-and-set: moves the circuit when its generation and state are the expected ones (an
 * expected generation of -1 always moves: manual controls). A new generation starts with an
 * empty window and no leases. ARGV: expectedGeneration, from, to, delay ms or 'inf', ttlMs.
 * Reply: `{ won 0|1, view }`.
 */
export const TRANSITION_LUA = `${PRELUDE}
local st = read_state()
local now = now_ms()
local expected = tonumber(ARGV[1])
if expected >= 0 and (expected ~= st.g or ARGV[2] ~= st.s) then
  return { 0, view(st, now) }
end
local from = st.s
new_episode(st, now, ARGV[3])
st.t = ''
if st.s == 'open' then
  if from == 'half_open' then st.r = st.r + 1 end
  if ARGV[4] == 'inf' then st.t = 'inf' else st.t = tostring(now + tonumber(ARGV[4])) end
elseif st.s == 'closed' then
  st.r = 0
end
write_state(st)
touch(st, now, tonumber(ARGV[5]))
return { 1, view(st, now) }
`;

/**
 * Moves open to half_open once its retry time has passed (whoever asks first), then grants up
 * to `want` probe leases while fewer than `max` are live; expired leases are dropped first.
 * ARGV: instance, want, max, leaseMs, ttlMs. Reply: `{ opened 0|1, view, lease ids }`.
 */
export const ACQUIRE_LUA = `${PRELUDE}
local st = read_state()
local now = now_ms()
local opened = 0
if st.s == 'open' and st.t ~= 'inf' and st.t ~= '' and now >= tonumber(st.t) then
  new_episode(st, now, 'half_open')
  st.t = ''
  write_state(st)
  opened = 1
end
local ids = {}
if st.s == 'half_open' then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
  local n = math.min(tonumber(ARGV[2]), tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[3]))
  for i = 1, n do
    local id = st.g .. ':' .. ARGV[1] .. ':' .. redis.call('HINCRBY', KEYS[1], 'l', 1)
    redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), id)
    ids[#ids + 1] = id
  end
end
touch(st, now, tonumber(ARGV[5]))
return { opened, view(st, now), ids }
`;
