// TLS material for the simulated Azure. The Azure SDKs refuse bearer tokens over plain http, so the
// simulation speaks HTTPS with a certificate for 127.0.0.1 and localhost signed by a throwaway CA;
// clients trust that CA through NODE_EXTRA_CA_CERTS (read by Node once, at process start).
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  /** PEM of the CA to trust (what NODE_EXTRA_CA_CERTS points at). */
  caPath: string;
  certPath: string;
  keyPath: string;
  ca: string;
  cert: string;
  key: string;
}

const FILES = { ca: 'ca.pem', cert: 'cert.pem', key: 'key.pem' } as const;
const VALID_DAYS = 30;
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

/** Generates a fresh CA and server certificate into `dir` (created when missing). */
export async function generateTlsMaterial(dir: string): Promise<TlsMaterial> {
  await mkdir(dir, { recursive: true });
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * 24 * 60 * 60 * 1000);
  const ca = await generate([{ name: 'commonName', value: 'SNAT Watch simulated Azure CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  const material = paths(dir, { ca: ca.cert, cert: server.cert, key: server.private });
  await Promise.all([
    writeFile(material.caPath, material.ca),
    writeFile(material.certPath, material.cert),
    writeFile(material.keyPath, material.key, { mode: 0o600 }),
  ]);
  return material;
}

/** Reads the material in `dir`; undefined when missing, unreadable or about to expire. */
export async function readTlsMaterial(dir: string): Promise<TlsMaterial | undefined> {
  if (!Object.values(FILES).every((file) => existsSync(join(dir, file)))) return undefined;
  try {
    const [ca, cert, key] = await Promise.all(Object.values(FILES).map((file) => readFile(join(dir, file), 'utf8')));
    const validTo = Date.parse(new X509Certificate(cert!).validTo);
    if (!(validTo - Date.now() > RENEW_BEFORE_MS)) return undefined;
    return paths(dir, { ca: ca!, cert: cert!, key: key! });
  } catch {
    return undefined;
  }
}

/** Reuses the material in `dir` while it is valid, else generates it: for a local host that restarts. */
export async function ensureTlsMaterial(dir: string): Promise<TlsMaterial> {
  return (await readTlsMaterial(dir)) ?? generateTlsMaterial(dir);
}

function paths(dir: string, pems: { ca: string; cert: string; key: string }): TlsMaterial {
  return { caPath: join(dir, FILES.ca), certPath: join(dir, FILES.cert), keyPath: join(dir, FILES.key), ...pems };
}
