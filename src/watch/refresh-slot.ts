// Spreads refreshes over their interval: every ID has its own moment in each interval, taken from
// a hash of the ID, so targets read together on the first run are refreshed a few per run after
// that — never all in the same minute (1,000 topologies at once trip ARM's read limits).

/** The ID's place in the interval, in [0, 1): FNV-1a of the lower-cased ID (ARM IDs ignore case). */
export function refreshSlot(id: string): number {
  let hash = 0x811c9dc5;
  for (const char of id.toLowerCase()) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/** The first moment after `readAtMs` that is the ID's slot in the interval: at most one interval later. */
export function nextRefreshAt(id: string, readAtMs: number, intervalInMs: number): number {
  const slot = Math.floor(refreshSlot(id) * intervalInMs);
  const sinceSlot = (((readAtMs - slot) % intervalInMs) + intervalInMs) % intervalInMs;
  return readAtMs - sinceSlot + intervalInMs;
}
