// Spreads refreshes over their interval: every ID has its own moment in each interval, taken from
// a hash of the ID, so targets read together on the first run are refreshed a few per run after
// that — never all in the same minute (1,000 topologies at once trip ARM's read limits).

/**
 * The ID's place in the interval, in [0, 1): FNV-1a of the lower-cased ID (ARM IDs ignore case),
 * then MurmurHash3's finalizer — IDs that differ only in their last character (lb-1, lb-2) would
 * otherwise land within a few percent of each other.
 */
export function refreshSlot(id: string): number {
  let hash = 0x811c9dc5;
  for (const char of id.toLowerCase()) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** The first moment after `readAtMs` that is the ID's slot in the interval: at most one interval later. */
export function nextRefreshAt(id: string, readAtMs: number, intervalInMs: number): number {
  const slot = Math.floor(refreshSlot(id) * intervalInMs);
  const sinceSlot = (((readAtMs - slot) % intervalInMs) + intervalInMs) % intervalInMs;
  return readAtMs - sinceSlot + intervalInMs;
}
