// The partition key of a target. Table keys may not contain '/', '\', '#', '?' or control characters,
// and ARM resource IDs are full of '/' and compared case-insensitively by ARM, so the key is the
// resource name (for people browsing the table) plus a hash of the lowercased ID (for uniqueness).
// The ID itself is kept in a `targetId` property of every row.
// https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields
import { createHash } from 'node:crypto';

export function targetKey(targetId: string): string {
  if (typeof targetId !== 'string' || targetId.trim() === '') throw new TypeError('expected a target ID (an ARM resource ID)');
  const id = targetId.trim().toLowerCase();
  const name = (id.split('/').filter(Boolean).pop() ?? '').replace(/[^a-z0-9._-]/g, '').slice(0, 60);
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 32);
  return name ? `${name}~${hash}` : hash;
}
