// A silence: "no notifications about this until then", set by a person (a Slack button, the page, the
// API). Matched like Alertmanager's silences, on the target (its ID or its name), and optionally on one
// node and one condition. Pure: the store keeps them, the lifecycle asks whether one applies.
import type { AlertKind, TargetRef } from './alert-state.js';

export interface SilenceMatchers {
  /** The target's resource ID or its name (names match case-insensitively, as Azure names do). */
  target: string;
  /** A backend IP (or node name); absent: every node. */
  node?: string;
  /** Absent: every condition. */
  condition?: AlertKind;
}

export interface Silence {
  id: string;
  matchers: SilenceMatchers;
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  createdAt: string;
  /** Set when someone ended it before endsAt. */
  endedAt: string | null;
  endedBy: string | null;
}

/** The moment the silence stops applying: endsAt, or earlier when someone ended it. */
export function silenceEnd(silence: Silence): string {
  return silence.endedAt !== null && silence.endedAt < silence.endsAt ? silence.endedAt : silence.endsAt;
}

export function isSilenceActive(silence: Silence, now: Date): boolean {
  const at = now.getTime();
  return Date.parse(silence.startsAt) <= at && at < Date.parse(silenceEnd(silence));
}

export function silenceMatches(silence: Silence, target: TargetRef, alert?: { node: string; condition: AlertKind }): boolean {
  const { matchers } = silence;
  const onTarget = matchers.target === target.id || matchers.target.toLowerCase() === target.name.toLowerCase()
    || matchers.target.toLowerCase() === target.id.toLowerCase();
  if (!onTarget) return false;
  if (!alert) return matchers.node === undefined && matchers.condition === undefined;
  return (matchers.node === undefined || matchers.node === alert.node) && (matchers.condition === undefined || matchers.condition === alert.condition);
}

/** The active silence that covers this alert (or the whole target when no alert is given), the longest-lasting first. */
export function activeSilenceFor(
  silences: readonly Silence[],
  target: TargetRef,
  now: Date,
  alert?: { node: string; condition: AlertKind },
): Silence | null {
  const covering = silences.filter((silence) => isSilenceActive(silence, now) && silenceMatches(silence, target, alert));
  covering.sort((a, b) => silenceEnd(b).localeCompare(silenceEnd(a)));
  return covering[0] ?? null;
}
