// A watch on the watcher: runs the watch (runWatch, unchanged), records a heartbeat (start, end,
// targets, errors), counts failed runs in a row and, after SNAT_CANNOT_WATCH_AFTER_RUNS of them, posts
// ONE "SNAT Watch cannot watch: reason" straight to Slack (not through the outbox: the outbox
// lives in the storage that may be what failed), then one "watching again" when a run works.
// A failed run (storage, identity, every read failing) still throws, so the Functions host counts it
// and the infra alert rule on failed runs sees it.
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { Runtime } from '../runtime.js';
import type { DeliveryLog } from '../slack/deliver-outbox.js';
import { createNotifier } from '../slack/create-notifier.js';
import { StorageUnavailableError } from '../state/table-policy.js';
import { runWatch, type WatchReport } from './run-watch.js';
import { afterPost, cannotWatchText, decideWatcher, watchingAgainText, type CannotWatchReason, type Heartbeat, type WatcherPost, type WatcherState } from './watcher-state.js';

export interface WatchWithHeartbeatOptions {
  /** The runtime (getRuntime); its failure (storage down at start, say) is a failed run too. */
  open: () => Promise<Runtime>;
  log: DeliveryLog;
  /** Settings when the runtime cannot be opened; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** The clock when the runtime cannot be opened. */
  now?: () => Date;
  /** The pipeline; runWatch by default (a test may pass a failing one). */
  run?: (runtime: Runtime, log: DeliveryLog) => Promise<WatchReport>;
}

export interface HeartbeatReport {
  report: WatchReport | null;
  heartbeat: Heartbeat;
  watcher: WatcherState;
  post: WatcherPost;
  /** What made the run fail by throwing, rethrown by the callers after the heartbeat was recorded. */
  error: unknown;
}

/** The last state seen in this process, per storage and table prefix: what the count rests on while storage is down. */
const remembered = new Map<string, WatcherState>();
const memoryKey = (config: Config): string => `${config.AzureWebJobsStorage ?? config.AzureWebJobsStorage__tableServiceUri ?? ''}|${config.SNAT_TABLE_PREFIX}`;

export async function watchWithHeartbeat(options: WatchWithHeartbeatOptions): Promise<HeartbeatReport> {
  const { log } = options;
  let runtime: Runtime | null = null;
  let report: WatchReport | null = null;
  let thrown: unknown;
  const clock = () => (runtime?.now ?? options.now ?? (() => new Date()))();
  let startedAt = clock().toISOString();
  try {
    runtime = await options.open();
    // The runtime's clock (the local host's scenario time, a test's) from here on.
    startedAt = clock().toISOString();
    report = await (options.run ?? runWatch)(runtime, log);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    thrown = error;
  }
  const failure = thrown !== undefined ? { reason: classify(thrown), detail: messageOf(thrown) } : await judgeReport(runtime, report);
  const heartbeat: Heartbeat = {
    startedAt,
    endedAt: clock().toISOString(),
    targets: report?.targets ?? 0,
    errors: errorsOf(report, failure),
    outcome: failure ? 'failed' : 'ok',
    failure,
  };
  const config = runtime?.config ?? loadConfig(options.env ?? process.env);
  const key = memoryKey(config);
  // Storage just failed: asking it again would only add its timeouts before "cannot watch" goes out.
  const storage = failure?.reason === 'storage' ? null : runtime;
  const previous = await readState(storage, remembered.get(key) ?? null, log);
  const decision = decideWatcher(previous, heartbeat, config.SNAT_CANNOT_WATCH_AFTER_RUNS);
  const posted = await post(config, runtime, decision.post, decision.state, previous?.cannotWatchPostedAt ?? null, log);
  const watcher = afterPost(decision.state, decision.post, posted, clock());
  remembered.set(key, watcher);
  await storage?.heartbeats
    .put(watcher)
    .catch((error: unknown) => log.warn(`Watch heartbeat: could not record it (${messageOf(error)}); counting in memory`));
  if (failure) log.error(`SNAT Watch could not watch this run (${failure.reason}): ${failure.detail}; ${watcher.consecutiveFailures} failed run(s) in a row`);
  return { report, heartbeat, watcher, post: decision.post, error: thrown };
}

async function readState(runtime: Runtime | null, memory: WatcherState | null, log: DeliveryLog): Promise<WatcherState | null> {
  if (!runtime) return memory;
  try {
    const stored = await runtime.heartbeats.get();
    // A process that counted failures while storage was down knows more than the stored row.
    return memory && (memory.last?.startedAt ?? '') > (stored?.last?.startedAt ?? '') ? memory : stored;
  } catch (error) {
    log.warn(`Watch heartbeat: could not read it (${messageOf(error)}); counting in memory`);
    return memory;
  }
}

/** Direct to Slack (the webhook, or the app's default channel); an ambiguous answer counts as posted (never a blind second copy). */
async function post(config: Config, runtime: Runtime | null, what: WatcherPost, state: WatcherState, postedAt: string | null, log: DeliveryLog): Promise<boolean> {
  if (what === 'none') return false;
  const text = what === 'post-cannot-watch' ? cannotWatchText(state) : watchingAgainText(state, postedAt ?? state.last?.startedAt ?? '');
  const notifier = runtime?.notifier ?? createNotifier(config, {});
  const sent = await notifier.post({ text }, { timeoutInMs: config.SNAT_SLACK_TIMEOUT_MS, maxRetries: 1 });
  if (sent.ok || sent.outcome === 'unknown') return true;
  log.warn(`Watch heartbeat: Slack did not take "${what}" (${sent.reason}: ${sent.detail}); the next run tries again`);
  return false;
}

/** A run that ended can still have watched nothing: every target unreadable or failed. */
async function judgeReport(runtime: Runtime | null, report: WatchReport | null): Promise<Heartbeat['failure']> {
  if (!report || report.targets === 0 || report.outcomes.length === 0) return null;
  const failed = report.outcomes.filter((outcome) => outcome.status === 'unreadable' || outcome.status === 'error');
  if (failed.length < report.outcomes.length) return null;
  // A fanned-out run settles only what it could not queue: the queued batches' targets are the workers'.
  if (report.mode === 'fanout' && failed.length < report.targets) return null;
  const identity = await probeIdentity(runtime);
  if (identity) return { reason: 'identity', detail: identity };
  const errors = failed.filter((outcome) => outcome.status === 'error').length;
  return { reason: 'every-read-failing', detail: `${failed.length} of ${report.outcomes.length} targets could not be read${errors > 0 ? ` (${errors} could not be settled)` : ''}` };
}

/** Every read failing often means no token: ask for one to tell the two apart. */
async function probeIdentity(runtime: Runtime | null): Promise<string | null> {
  if (!runtime?.credential) return null;
  try {
    await runtime.credential.getToken(`${new URL(runtime.config.SNAT_ARM_ENDPOINT).origin}/.default`);
    return null;
  } catch (error) {
    return messageOf(error);
  }
}

const IDENTITY_ERRORS = new Set(['CredentialUnavailableError', 'AuthenticationError', 'AggregateAuthenticationError']);

function classify(error: unknown): CannotWatchReason {
  if (error instanceof StorageUnavailableError) return 'storage';
  if (error instanceof Error && IDENTITY_ERRORS.has(error.name)) return 'identity';
  return 'run-failed';
}

function errorsOf(report: WatchReport | null, failure: Heartbeat['failure']): string[] {
  const lines = failure ? [`${failure.reason}: ${failure.detail}`] : [];
  for (const outcome of report?.outcomes ?? []) {
    if (outcome.status === 'error' || outcome.status === 'unreadable') lines.push(`${outcome.targetId}: ${outcome.status}`);
  }
  return lines.slice(0, 5).map((line) => line.slice(0, 300));
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}
