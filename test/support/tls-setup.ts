// Vitest global setup: TLS material for the simulated Azure, generated once per run. Workers are
// forked after this runs and inherit the environment, so NODE_EXTRA_CA_CERTS (which Node reads
// only at process start) makes every worker trust the certificate, and SNAT_TEST_TLS_DIR tells
// servers started inside tests where the key and certificate are.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTlsMaterial } from '../../src/local/simulated-azure/tls.js';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'snat-watch-tls-'));
  const material = await generateTlsMaterial(dir);
  process.env.NODE_EXTRA_CA_CERTS = material.caPath;
  process.env.SNAT_TEST_TLS_DIR = dir;
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
