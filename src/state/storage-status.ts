// The HTTP status of a failed Table Storage call, which is what our conflict decisions hinge on:
// 404 not found, 409 already exists, 412 the ETag no longer matches (someone else wrote first).
// https://learn.microsoft.com/rest/api/storageservices/table-service-error-codes
import { RestError } from '@azure/data-tables';

export function storageStatus(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : undefined;
}

/** Another writer got there first: the row changed (412) or was created (409) since we read it. */
export function isWriteConflict(error: unknown): boolean {
  const status = storageStatus(error);
  return status === 409 || status === 412;
}
