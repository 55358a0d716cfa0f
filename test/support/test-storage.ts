// Storage settings for a test: the run's shared Azurite (started by azurite-setup.ts) and a table
// prefix of its own, so test files running in parallel never see each other's rows.
import { randomBytes } from 'node:crypto';
import type { StorageSettings } from '../../src/state/table-client.js';

export function testStorageConnectionString(): string {
  const connectionString = process.env.SNAT_TEST_STORAGE;
  if (!connectionString) throw new Error('SNAT_TEST_STORAGE is not set: run the tests through vitest (test/support/azurite-setup.ts starts Azurite)');
  return connectionString;
}

/** A fresh prefix per call: letters and digits, as table names require. */
export function uniqueTablePrefix(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

export function testStorageSettings(): StorageSettings {
  return { AzureWebJobsStorage: testStorageConnectionString(), SNAT_TABLE_PREFIX: uniqueTablePrefix() };
}
