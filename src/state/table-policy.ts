// What every Table Storage call of the app goes through, outside the SDK's own retries: a timeout per
// attempt (a storage account that accepts the connection and never answers must not hold a run), a
// table that vanished (Azurite restarted, a table deleted) re-created and the call tried again, and a
// storage that cannot be reached turned into one error the HTTP routes answer with 503.
// TableNotFound: https://learn.microsoft.com/rest/api/storageservices/table-service-error-codes
// A deleted table takes at least 40 s to go, and re-creating it meanwhile answers 409 (Conflict,
// TableBeingDeleted) (https://learn.microsoft.com/rest/api/storageservices/delete-table#remarks): that is
// storage unavailable for now, never a write conflict of ours.
import { RestError } from '@azure/data-tables';
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';

/** Storage could not be reached, did not answer in time, or answered 5xx (after the SDK's retries). */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`Table Storage is unavailable: ${detail}`, options);
  }
}

export interface TablePolicyOptions {
  /** Per attempt; the SDK's retry policy tries again after it. */
  timeoutInMs: number;
  /** Creates the table (idempotently); called when a call meets TableNotFound. */
  createTable: () => Promise<void>;
}

export const TABLE_POLICY_NAME = 'snatWatchTable';

export function tablePolicy(options: TablePolicyOptions): PipelinePolicy {
  // Concurrent calls meeting the same missing table share one creation.
  let creating: Promise<void> | undefined;
  const recreate = (): Promise<void> => {
    creating ??= options.createTable().finally(() => (creating = undefined));
    return creating;
  };
  return {
    name: TABLE_POLICY_NAME,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      if (!request.timeout) request.timeout = options.timeoutInMs;
      const first = await attempt(request, next);
      if (first !== 'table-not-found') return first;
      try {
        await recreate();
      } catch (error) {
        throw new StorageUnavailableError(`table ${tableOf(request)} is missing and cannot be re-created yet (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, { cause: error });
      }
      const second = await attempt(request, next);
      if (second === 'table-not-found') throw new StorageUnavailableError(`table ${tableOf(request)} is missing and could not be re-created`);
      return second;
    },
  };
}

async function attempt(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse | 'table-not-found'> {
  let response: PipelineResponse;
  try {
    response = await next(request);
  } catch (error) {
    if (isTableNotFound(error)) return 'table-not-found';
    if (error instanceof RestError && error.statusCode !== undefined && error.statusCode < 500) throw error;
    const status = error instanceof RestError && error.statusCode !== undefined ? `HTTP ${error.statusCode}` : ((error as { code?: string }).code ?? 'no answer');
    throw new StorageUnavailableError(`${status} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, { cause: error });
  }
  // A batch answers 202 and carries its operations' answers inside; a missing table shows there.
  if (request.url.endsWith('$batch') && response.bodyAsText?.includes('TableNotFound')) return 'table-not-found';
  if (response.status === 404 && response.bodyAsText?.includes('TableNotFound')) return 'table-not-found';
  if (response.status >= 500) throw new StorageUnavailableError(`HTTP ${response.status}`);
  return response;
}

function isTableNotFound(error: unknown): boolean {
  if (!(error instanceof RestError) || error.statusCode !== 404) return false;
  return error.code === 'TableNotFound' || error.message.includes('TableNotFound') || (error.response?.bodyAsText ?? '').includes('TableNotFound');
}

function tableOf(request: PipelineRequest): string {
  return new URL(request.url).pathname.split('/').filter(Boolean).pop() ?? '(unknown)';
}
