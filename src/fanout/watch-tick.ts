// One tick of the snatWatch timer: list the targets, then watch them in this instance (runWatch) or,
// for a large estate, plan the run onto the batch queue (planFanout) — decideFanout says which.
import type { Runtime } from '../runtime.js';
import type { DeliveryLog } from '../slack/deliver-outbox.js';
import { deadlineIn } from '../azure/deadline.js';
import { listTargets, runWatch, type WatchReport } from '../watch/run-watch.js';
import { decideFanout } from './fanout-mode.js';
import { planFanout, type PlanFanoutOptions } from './plan-fanout.js';

export async function watchTick(runtime: Runtime, log: DeliveryLog, options: PlanFanoutOptions = {}): Promise<WatchReport> {
  const { config } = runtime;
  const watched = await listTargets(runtime, runtime.now(), log, deadlineIn(config.SNAT_READ_BUDGET_SECONDS * 1000));
  const decision = decideFanout(config, watched.ids.length);
  if (decision.mode === 'single') return runWatch(runtime, log, { watched });
  log.log(`Watch: ${watched.ids.length} target(s), fanning the batches out on queue ${config.SNAT_FANOUT_QUEUE} (${decision.reason}, threshold ${config.SNAT_FANOUT_THRESHOLD})`);
  return planFanout(runtime, log, { ...options, watched });
}
