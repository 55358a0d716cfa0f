import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { get } from 'node:https';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTlsMaterial, generateTlsMaterial, readTlsMaterial } from '../../../src/local/simulated-azure/tls.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'snat-tls-test-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

describe('test/support/tls-setup.ts', () => {
  it('should make a forked test worker trust the certificate through NODE_EXTRA_CA_CERTS', async () => {
    const material = await readTlsMaterial(process.env.SNAT_TEST_TLS_DIR!);
    const server = createServer({ key: material!.key, cert: material!.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // No `ca` option: only the process-wide trust store, as every SDK client uses it.
      await expect(httpsStatus(`https://127.0.0.1:${port}/`)).resolves.toBe(200);
      await expect(httpsStatus(`https://localhost:${port}/`)).resolves.toBe(200);
    } finally {
      server.close();
    }
  });
});

describe('generateTlsMaterial', () => {
  it('should issue a certificate for 127.0.0.1 and localhost, signed by its own CA', async () => {
    const material = await generateTlsMaterial(await tempDir());
    const ca = new X509Certificate(material.ca);
    const cert = new X509Certificate(material.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
  });
});

describe('ensureTlsMaterial', () => {
  it('should reuse valid material and create it where there is none', async () => {
    const dir = await tempDir();
    expect(await readTlsMaterial(dir)).toBeUndefined();
    const first = await ensureTlsMaterial(dir);
    const second = await ensureTlsMaterial(dir);
    expect(second.cert).toBe(first.cert);
    expect(second.caPath).toBe(join(dir, 'ca.pem'));
  });
});
