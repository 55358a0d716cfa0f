// A JSON document spread over binary properties of one table entity. A property holds at most 64 KiB
// and an entity at most 1 MiB, so a document of up to 15 chunks (960 KiB of UTF-8) fits one entity
// and, with it, one entity-group transaction. Binary (not string) chunks: cutting UTF-8 bytes is safe,
// cutting a UTF-16 string could split a surrogate pair.
// https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types
import type { TableEntityResult } from '@azure/data-tables';

/** Edm.Binary: "An array of bytes up to 64 KiB in size". */
export const CHUNK_BYTES = 64 * 1024;
/** 15 full chunks plus property overhead stay under the 1 MiB entity limit. */
export const MAX_CHUNKS = 15;

const COUNT = 'jsonChunks';
const chunkName = (index: number): string => `json${index}`;

/** The properties that hold `value`. Throws RangeError for a value that is not JSON or too large. */
export function toChunks(value: unknown): Record<string, Uint8Array | number> {
  const json = JSON.stringify(value);
  if (json === undefined) throw new RangeError(`expected a JSON value, got ${typeof value}`);
  const bytes = Buffer.from(json, 'utf8');
  const count = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
  if (count > MAX_CHUNKS) {
    throw new RangeError(`document of ${bytes.length} bytes exceeds the ${MAX_CHUNKS * CHUNK_BYTES} bytes one table entity holds`);
  }
  const properties: Record<string, Uint8Array | number> = { [COUNT]: count };
  for (let index = 0; index < count; index++) {
    properties[chunkName(index)] = bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
  }
  return properties;
}

/** Reassembles the document; a row with missing chunks is corrupt and says so. */
export function fromChunks(entity: TableEntityResult<Record<string, unknown>>): unknown {
  const count = entity[COUNT];
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    throw new Error(`row ${entity.partitionKey}/${entity.rowKey} holds no JSON document`);
  }
  const parts: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const part = entity[chunkName(index)];
    if (!(part instanceof Uint8Array)) throw new Error(`row ${entity.partitionKey}/${entity.rowKey} misses chunk ${index} of ${count}`);
    parts.push(part);
  }
  return JSON.parse(Buffer.concat(parts).toString('utf8'));
}
