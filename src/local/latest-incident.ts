// The incident the terminal's keys act on: the most recently opened one still open among the watched
// targets, read from their alert states (state.notified.incident / openedAt).
import type { Runtime } from '../runtime.js';

export interface OpenIncident {
  targetId: string;
  incident: string;
  openedAt: string;
}

export async function latestOpenIncident(runtime: Pick<Runtime, 'targets' | 'alertStates'>, now: Date): Promise<OpenIncident | null> {
  const { ids } = await runtime.targets.get(now);
  let latest: OpenIncident | null = null;
  for (const targetId of ids) {
    const notified = (await runtime.alertStates.get(targetId)).value?.notified;
    if (!notified?.incident) continue;
    const openedAt = notified.openedAt ?? notified.at;
    if (!latest || openedAt > latest.openedAt) latest = { targetId, incident: notified.incident, openedAt };
  }
  return latest;
}
