// One process of the fan-out bench (bench/watch-fanout.ts): the planning timer or a batch worker, as
// a Flex Consumption instance would run it — createRuntime exactly as the app does, one JSON command
// per stdin line, one JSON answer per stdout line. Started with NODE_EXTRA_CA_CERTS (the simulated
// Azure's certificate) and the managed-identity endpoint in its environment.
//   {"kind":"init","settings":{…}}  → {"kind":"ready"}
//   {"kind":"plan","at":ISO}         → planFanout's figures: this process's CPU, peak RSS, wall
//   {"kind":"work","idleInMs":N}     → one figure per batch it took (CPU, peak RSS, wall), until the queue stays
//                                      empty N ms after its first batch (or 150 s pass without one)
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { decodeBatchText } from '../src/fanout/batch-message.js';
import { planFanout } from '../src/fanout/plan-fanout.js';
import { watchQueuedBatch } from '../src/fanout/watch-queued-batch.js';
import { createRuntime, type Runtime } from '../src/runtime.js';
import { countTableCalls } from './watch-meters.js';

const quiet = { log: () => {}, warn: () => {}, error: () => {} };
const tables = countTableCalls();
let runtime: Runtime | undefined;
let now = new Date();

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { kind: 'init'; settings: Record<string, string> } | { kind: 'plan'; at: string } | { kind: 'work'; idleInMs: number };
  if (command.kind === 'init') {
    runtime = await createRuntime({ env: command.settings, now: () => now });
    answer({ kind: 'ready' });
  } else if (command.kind === 'plan') {
    now = new Date(command.at);
    answer({ kind: 'plan', ...(await measured(() => planFanout(runtime!, quiet, { pollInMs: 250 }))) });
  } else {
    answer({ kind: 'work', batches: await work(runtime!, command.idleInMs) });
  }
}

async function work(on: Runtime, idleInMs: number) {
  const queue = await on.batchQueue!();
  const figures = [];
  const startedAt = Date.now();
  let idleSince = Date.now();
  // The planner may take a while (a cold topology read) before the first batch arrives.
  while (figures.length === 0 ? Date.now() - startedAt < 150_000 : Date.now() - idleSince < idleInMs) {
    const [item] = (await queue.main.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 300 }).catch(() => ({ receivedMessageItems: [] }))).receivedMessageItems;
    if (!item) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const { result, ...figure } = await measured(() => watchQueuedBatch(on, decodeBatchText(item.messageText), quiet));
    await queue.main.deleteMessage(item.messageId, item.popReceipt);
    figures.push({ ...figure, targets: result.outcomes.length, unread: result.outcomes.filter((o) => o.status === 'unreadable' || o.status === 'error').length });
    idleSince = Date.now();
  }
  return figures;
}

/** CPU (user + system), peak RSS (VmHWM, reset before) and wall of one call, and its Table requests. */
async function measured<T>(call: () => Promise<T>) {
  (globalThis as { gc?: () => void }).gc?.();
  resetPeakRss();
  tables.reset();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await call();
  const used = process.cpuUsage(cpu);
  return {
    result,
    cpuMs: Math.round((used.user + used.system) / 1000),
    wallMs: Math.round(performance.now() - started),
    peakRssMb: Math.round(peakRssMb()),
    tableRequests: Object.values(tables.counts).reduce((sum, n) => sum + n, 0),
  };
}

/** Linux: writing 5 to clear_refs resets VmHWM, so each batch's peak is its own (on top of the process it runs in). */
function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux: the peak is the process's since it started
  }
}

function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Number(hwm) / 1024;
  } catch {
    // fall through
  }
  return process.memoryUsage().rss / 2 ** 20;
}

function answer(value: object): void {
  process.stdout.write(`${JSON.stringify(value, (key, v) => (key === 'result' ? summary(v) : v))}\n`);
}

/** A plan's report, without its outcomes (which the bench only counts). */
function summary(report: unknown): unknown {
  const r = report as { targets?: number; batches?: number; outcomes?: Array<{ status: string }>; delivery?: { delivered: number; pending: number } };
  return { targets: r.targets, batches: r.batches, unread: r.outcomes?.filter((o) => o.status === 'unreadable' || o.status === 'error').length ?? 0, delivered: r.delivery?.delivered, pending: r.delivery?.pending };
}
