import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { startAzurite } from '../../src/local/azurite.js';
import { testStorageConnectionString } from '../support/test-storage.js';
import { isRunning } from '../support/processes.js';

describe('startAzurite', () => {
  it('should serve tables in memory on a free port and leave no process behind when stopped', async () => {
    const azurite = await startAzurite();
    try {
      expect(azurite.tableEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      expect(azurite.tableEndpoint).not.toContain(':10002/');
      const table = TableClient.fromConnectionString(azurite.connectionString, 'probe', { allowInsecureConnection: true });
      await table.createTable();
      await table.createEntity({ partitionKey: 'p', rowKey: 'r', value: 42 });
      expect((await table.getEntity<{ value: number }>('p', 'r')).value).toBe(42);
      expect(isRunning(azurite.pid)).toBe(true);
    } finally {
      await azurite.stop();
    }
    expect(isRunning(azurite.pid)).toBe(false);
  });

  it('should run two instances side by side without sharing data', async () => {
    const [first, second] = await Promise.all([startAzurite(), startAzurite()]);
    try {
      expect(first.tableEndpoint).not.toBe(second.tableEndpoint);
      const a = TableClient.fromConnectionString(first.connectionString, 'shared', { allowInsecureConnection: true });
      const b = TableClient.fromConnectionString(second.connectionString, 'shared', { allowInsecureConnection: true });
      await a.createTable();
      await b.createTable();
      await a.createEntity({ partitionKey: 'p', rowKey: 'only-in-a' });
      await expect(b.getEntity('p', 'only-in-a')).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});

describe('azurite-setup (vitest globalSetup)', () => {
  it('should hand the run-wide Azurite to this forked worker through SNAT_TEST_STORAGE', async () => {
    const table = TableClient.fromConnectionString(testStorageConnectionString(), 'workerprobe', { allowInsecureConnection: true });
    await expect(table.createTable()).resolves.toBeUndefined();
  });
});
