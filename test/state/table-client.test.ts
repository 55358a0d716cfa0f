import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { createTableClient, openStateTables, openTable, tableName } from '../../src/state/table-client.js';
import { StorageUnavailableError } from '../../src/state/table-policy.js';
import { testStorageConnectionString, testStorageSettings, uniqueTablePrefix } from '../support/test-storage.js';

/** A real TokenCredential for the managed-identity shape; nothing here asks it for a token. */
const staticCredential = { getToken: async () => ({ token: 'unused', expiresOnTimestamp: Date.now() + 3_600_000 }) };

describe('openTable', () => {
  it('should create the table on first use and accept it existing afterwards, even from concurrent openers', async () => {
    const settings = testStorageSettings();
    const opened = await Promise.all([openTable(settings, 'state'), openTable(settings, 'state'), openTable({ ...settings }, 'state')]);
    expect(opened[0]!.tableName).toBe(`${settings.SNAT_TABLE_PREFIX}state`);
    await opened[0]!.createEntity({ partitionKey: 'p', rowKey: 'r' });
    // Another client creating the same table meets it existing, without error.
    await expect(createTableClient(settings, tableName(settings.SNAT_TABLE_PREFIX, 'state')).createTable()).resolves.toBeUndefined();
    expect((await opened[1]!.getEntity('p', 'r')).rowKey).toBe('r');
  });

  it('should open every table of the app under the configured prefix', async () => {
    const prefix = uniqueTablePrefix();
    const tables = await openStateTables({ AzureWebJobsStorage: testStorageConnectionString(), SNAT_TABLE_PREFIX: prefix });
    expect([tables.state.tableName, tables.snapshots.tableName]).toEqual([`${prefix}state`, `${prefix}snapshots`]);
  });
});

describe('createTableClient', () => {
  it.each([
    { name: "Azurite's shorthand", connectionString: 'UseDevelopmentStorage=true', url: 'http://127.0.0.1:10002/devstoreaccount1' },
    {
      name: 'an account key over https',
      connectionString: 'DefaultEndpointsProtocol=https;AccountName=snatwatch;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net',
      url: 'https://snatwatch.table.core.windows.net',
    },
    {
      name: 'an explicit http table endpoint',
      connectionString: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;TableEndpoint=http://azurite:10002/devstoreaccount1;',
      url: 'http://azurite:10002/devstoreaccount1',
    },
  ])('should address the account of $name', ({ connectionString, url }) => {
    expect(createTableClient({ AzureWebJobsStorage: connectionString, SNAT_TABLE_PREFIX: 'snat' }, 'snatstate').url).toBe(url);
  });

  it('should use the table service URI with a token credential when no connection string is set (managed identity)', () => {
    const client = createTableClient(
      { AzureWebJobsStorage__tableServiceUri: 'https://snatwatch.table.core.windows.net', SNAT_TABLE_PREFIX: 'snat' },
      'snatstate',
      { credential: staticCredential },
    );
    expect(client.url).toBe('https://snatwatch.table.core.windows.net');
  });

  it.each([
    { name: 'an unusable connection string', settings: { AzureWebJobsStorage: 'AccountKey=c2VjcmV0LWtleQ==;nonsense', SNAT_TABLE_PREFIX: 'snat' } },
    { name: 'no storage setting at all', settings: { SNAT_TABLE_PREFIX: 'snat' } },
  ])('should refuse $name with a ConfigError naming AzureWebJobsStorage and not echoing it', ({ settings }) => {
    let thrown: unknown;
    try {
      createTableClient(settings, 'snatstate');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).problems[0]).toMatch(/^AzureWebJobsStorage: /);
    expect((thrown as Error).message).not.toContain('c2VjcmV0LWtleQ');
  });
});

describe('createTableClient (resilience)', () => {
  it('should re-create a table deleted under it and carry on: reads, writes and transactions', async () => {
    const settings = testStorageSettings();
    const table = await openTable(settings, 'state');
    await table.createEntity({ partitionKey: 'p', rowKey: 'before' });
    await createTableClient(settings, tableName(settings.SNAT_TABLE_PREFIX, 'state')).deleteTable();

    await expect(table.getEntity('p', 'before')).rejects.toMatchObject({ statusCode: 404 });
    await table.upsertEntity({ partitionKey: 'p', rowKey: 'after' });
    await table.deleteTable();
    await table.submitTransaction([['create', { partitionKey: 'p', rowKey: 'batch' }]]);
    const rows: string[] = [];
    for await (const row of table.listEntities()) rows.push(String(row.rowKey));
    expect(rows).toEqual(['batch']);
  });

  it('should give up on a storage that accepts the connection and never answers, within the timeout, as StorageUnavailableError', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
    const table = createTableClient({ AzureWebJobsStorage: connectionString, SNAT_TABLE_PREFIX: 'snat' }, 'snatstate', { timeoutInMs: 200, retry: { maxRetries: 1, retryDelayInMs: 10 } });
    const started = Date.now();
    const failure = await table.getEntity('p', 'r').catch((error: unknown) => error);
    silent.close();
    expect(failure).toBeInstanceOf(StorageUnavailableError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
