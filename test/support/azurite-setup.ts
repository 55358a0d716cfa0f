// Vitest globalSetup: one in-memory Azurite for the whole run, so `npm test` on a fresh clone just works.
// Vitest builds the forked workers' environment from process.env after global setup, so the workers
// read the connection string from SNAT_TEST_STORAGE. Suites share the service and keep apart by using
// their own table prefix (test/support/tables.ts). A SNAT_TEST_STORAGE already set is used as is.
import { startAzurite } from '../../src/local/azurite.js';

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.SNAT_TEST_STORAGE) return async () => {};
  const azurite = await startAzurite();
  process.env.SNAT_TEST_STORAGE = azurite.connectionString;
  return async () => {
    delete process.env.SNAT_TEST_STORAGE;
    await azurite.stop();
  };
}
