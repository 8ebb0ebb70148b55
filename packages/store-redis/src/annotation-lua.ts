// The script behind a circuit's annotations. KEYS: 1 the circuit's notes hash (field -> value),
// under the circuit's hash tag. ARGV: 1 'read' | 'write', 2 field, then for a write: 3 'any' |
// 'absent' | 'equals', 4 the expected value, 5 '1' to delete or '0' to set, 6 the value, 7 TTL ms.
// A write is one compare-and-set; every write renews the hash's TTL (a delete too, while fields
// remain), so the notes live as long as the circuit is in use.

/** Keys per annotation script call. */
export const NOTE_KEY_COUNT = 1;

/** Reads, or compare-and-sets, one field of a circuit's notes hash. */
export const NOTE_LUA = `
local field = ARGV[2]
local current = redis.call('HGET', KEYS[1], field)
if ARGV[1] == 'read' then return current end
local mode = ARGV[3]
if mode == 'absent' and current then return 0 end
if mode == 'equals' and current ~= ARGV[4] then return 0 end
if ARGV[5] == '1' then
  redis.call('HDEL', KEYS[1], field)
else
  redis.call('HSET', KEYS[1], field, ARGV[6])
end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[7]) end
return 1
`;
