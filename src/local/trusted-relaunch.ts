// The simulated Azure speaks HTTPS with a throwaway CA, and Node reads NODE_EXTRA_CA_CERTS only at
// process start: so `start` makes the CA first, then runs itself again as a child that trusts it
// (stdio inherited, signals forwarded, exit code passed through). The real SDK clients and
// DefaultAzureCredential then run unchanged. A CA the user already trusts through
// NODE_EXTRA_CA_CERTS (a corporate proxy's) is kept: both go into one bundle.
// https://nodejs.org/api/cli.html#node_extra_ca_certsfile
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTlsMaterial, readTlsMaterial, type TlsMaterial } from './simulated-azure/tls.js';

/** Set by the parent for the child: where the material is. Internal; never set it yourself. */
export const TLS_DIR_VARIABLE = 'SNAT_WATCH_LOCAL_TLS_DIR';
const BUNDLE_FILE = 'trusted-bundle.pem';
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** In the relaunched child: the material its parent made, which this process trusts; undefined in the parent. */
export async function inheritedTlsMaterial(env: NodeJS.ProcessEnv): Promise<TlsMaterial | undefined> {
  const dir = env[TLS_DIR_VARIABLE];
  if (!dir) return undefined;
  const material = await readTlsMaterial(dir);
  if (!material || env.NODE_EXTRA_CA_CERTS !== join(dir, BUNDLE_FILE)) {
    throw new Error(`${TLS_DIR_VARIABLE} is set but its certificate is missing or not trusted by this process; unset it and run again`);
  }
  return material;
}

/** Runs this command line again trusting a fresh simulation CA; resolves with the child's exit code. */
export async function relaunchTrustingSimulation(env: NodeJS.ProcessEnv): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'snat-watch-local-'));
  try {
    const material = await generateTlsMaterial(dir);
    const bundlePath = join(dir, BUNDLE_FILE);
    // Ours first: every simulation CA has the same subject, and OpenSSL checks the first match only.
    await writeFile(bundlePath, [material.ca, userCa(env.NODE_EXTRA_CA_CERTS)].filter(Boolean).join('\n'));
    return await runChild({ ...env, NODE_EXTRA_CA_CERTS: bundlePath, [TLS_DIR_VARIABLE]: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function userCa(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS
  }
}

function runChild(env: NodeJS.ProcessEnv): Promise<number> {
  // A debugger flag would make the child fight the parent for the inspector port.
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--inspect'));
  // The IPC channel tells the child when this parent is gone, however it went (see watchParent).
  const child = spawn(process.execPath, [...execArgv, process.argv[1]!, ...process.argv.slice(2)], { env, stdio: ['inherit', 'inherit', 'inherit', 'ipc'] });
  const forward = (signal: NodeJS.Signals) => void child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  return new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 1)));
  }).finally(() => {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  });
}

/** In the child: `onGone` runs when the parent that launched it exits (even killed), so nothing is left behind. */
export function watchParent(onGone: () => void): void {
  if (!process.channel) return;
  process.once('disconnect', onGone);
  // The channel must not keep this process alive once everything else has stopped.
  process.channel.unref();
}
