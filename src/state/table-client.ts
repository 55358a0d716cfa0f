// Table clients for our tables, from the same settings the Functions host uses for its own storage:
// `AzureWebJobsStorage` (a connection string: Azurite's `UseDevelopmentStorage=true`, an explicit one,
// or a SAS) or, in Azure, `AzureWebJobsStorage__tableServiceUri` with a token credential (managed
// identity; the identity needs "Storage Table Data Contributor" on the account).
// https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity
import { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { defaultAzureCredential } from '../azure/credentials.js';
import { ConfigError, type Config } from '../config.js';
import { tablePolicy } from './table-policy.js';

export type StorageSettings = Pick<Config, 'AzureWebJobsStorage' | 'AzureWebJobsStorage__tableServiceUri' | 'SNAT_TABLE_PREFIX'>;

/** state: per-target alert state and the outbox (one partition per target); snapshots: live view and hourly rollups. */
export type TablePurpose = 'state' | 'snapshots';

export interface OpenTableOptions {
  /** For `AzureWebJobsStorage__tableServiceUri`; DefaultAzureCredential when absent. */
  credential?: TokenCredential;
  /** Per attempt of every Table call (SNAT_STORAGE_TIMEOUT_SECONDS); defaults to 10 s. */
  timeoutInMs?: number;
  /** The SDK's retries of a call that failed for a transient reason; defaults to 3, from 500 ms, at most 4 s apart. */
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
}

export const DEFAULT_TABLE_TIMEOUT_IN_MS = 10_000;
const DEFAULT_RETRY = { maxRetries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 4_000 };

export interface StateTables {
  state: TableClient;
  snapshots: TableClient;
}

/** Table names: letters and digits, 3–63 characters, starting with a letter. */
export function tableName(prefix: string, purpose: TablePurpose): string {
  return `${prefix}${purpose}`;
}

/** Opens (and creates, idempotently) every table the app uses. */
export async function openStateTables(settings: StorageSettings, options: OpenTableOptions = {}): Promise<StateTables> {
  const [state, snapshots] = await Promise.all([openTable(settings, 'state', options), openTable(settings, 'snapshots', options)]);
  return { state, snapshots };
}

export async function openTable(settings: StorageSettings, purpose: TablePurpose, options: OpenTableOptions = {}): Promise<TableClient> {
  const client = createTableClient(settings, tableName(settings.SNAT_TABLE_PREFIX, purpose), options);
  await ensureTable(client);
  return client;
}

/**
 * The client alone, without creating the table: with a timeout on every call, TableNotFound answered
 * by re-creating the table, and an unreachable storage as StorageUnavailableError (table-policy.ts).
 * Throws ConfigError for unusable settings.
 */
export function createTableClient(settings: StorageSettings, name: string, options: OpenTableOptions = {}): TableClient {
  const client = bareTableClient(settings, name, options);
  client.pipeline.addPolicy(tablePolicy({ timeoutInMs: options.timeoutInMs ?? DEFAULT_TABLE_TIMEOUT_IN_MS, createTable: () => client.createTable() }));
  return client;
}

function bareTableClient(settings: StorageSettings, name: string, options: OpenTableOptions): TableClient {
  const retryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const connectionString = settings.AzureWebJobsStorage;
  if (connectionString) {
    try {
      return TableClient.fromConnectionString(connectionString, name, { allowInsecureConnection: usesHttp(connectionString), retryOptions });
    } catch (error) {
      // The SDK's messages name the missing part, never the secret itself.
      throw new ConfigError([`AzureWebJobsStorage: ${(error as Error).message}`]);
    }
  }
  if (settings.AzureWebJobsStorage__tableServiceUri) {
    return new TableClient(settings.AzureWebJobsStorage__tableServiceUri, name, options.credential ?? defaultAzureCredential(), { retryOptions });
  }
  throw new ConfigError(['AzureWebJobsStorage: set AzureWebJobsStorage (connection string) or AzureWebJobsStorage__tableServiceUri (managed identity)']);
}

/** Azurite speaks plain http; the SDK refuses http unless told it is meant. */
function usesHttp(connectionString: string): boolean {
  const parts = new Map(
    connectionString
      .split(';')
      .map((part) => part.split('='))
      .map(([key = '', ...value]) => [key.trim().toLowerCase(), value.join('=').trim()] as const),
  );
  if (parts.get('usedevelopmentstorage') === 'true') return true;
  const endpoint = parts.get('tableendpoint');
  if (endpoint) return endpoint.toLowerCase().startsWith('http://');
  return parts.get('defaultendpointsprotocol')?.toLowerCase() === 'http';
}

/**
 * Creates the table if it is missing (createTable swallows 409 TableAlreadyExists, so concurrent
 * instances are fine). Nothing is remembered: a table lost later (Azurite restarted, a table deleted)
 * is re-created by the call that meets TableNotFound.
 */
async function ensureTable(client: TableClient): Promise<void> {
  await client.createTable();
}
