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
  // Compared as instants: "10:00+02:00" ends before "09:00Z", whatever the strings say.
  return silence.endedAt !== null && Date.parse(silence.endedAt) < Date.parse(silence.endsAt) ? silence.endedAt : silence.endsAt;
}

export function isSilenceActive(silence: Silence, now: Date): boolean {
  const at = now.getTime();
  return Date.parse(silence.startsAt) <= at && at < Date.parse(silenceEnd(silence));
}

/** The node of an alert as a silence can name it: its backend IP, and its Kubernetes node name when known. */
export interface SilencedAlert {
  node: string;
  nodeName?: string | null;
  condition: AlertKind;
}

/** Whether the silence names this target (by resource ID or name, ignoring case), whatever its other matchers. */
export function silenceOnTarget(silence: Silence, target: TargetRef): boolean {
  const wanted = silence.matchers.target.toLowerCase();
  return wanted === target.id.toLowerCase() || wanted === target.name.toLowerCase();
}

/**
 * Whether the silence covers the alert; without an alert, whether it covers the whole target (no node
 * and no condition matcher). A node matcher names the backend IP or the node name (case-insensitive,
 * as Kubernetes node names are lower case).
 */
export function silenceMatches(silence: Silence, target: TargetRef, alert?: SilencedAlert): boolean {
  const { matchers } = silence;
  if (!silenceOnTarget(silence, target)) return false;
  if (!alert) return matchers.node === undefined && matchers.condition === undefined;
  const node = matchers.node?.toLowerCase();
  const onNode = node === undefined || node === alert.node.toLowerCase() || (!!alert.nodeName && node === alert.nodeName.toLowerCase());
  return onNode && (matchers.condition === undefined || matchers.condition === alert.condition);
}

/** The active silence that covers this alert (or the whole target when no alert is given), the longest-lasting first. */
export function activeSilenceFor(
  silences: readonly Silence[],
  target: TargetRef,
  now: Date,
  alert?: SilencedAlert,
): Silence | null {
  const covering = silences.filter((silence) => isSilenceActive(silence, now) && silenceMatches(silence, target, alert));
  covering.sort((a, b) => Date.parse(silenceEnd(b)) - Date.parse(silenceEnd(a)));
  return covering[0] ?? null;
}
