// Alert identity: target + node (a backend IP, or `*`) + condition. Inside one target's state the
// target part is implied, so records are keyed by node and condition only.
import type { AlertKind } from './alert-state.js';

const SEPARATOR = '|';

/** The full key, unique across every watched target. */
export function alertKey(targetId: string, node: string, condition: AlertKind): string {
  return [targetId, node, condition].join(SEPARATOR);
}

/** The key of a record inside its target's state. */
export function localAlertKey(node: string, condition: AlertKind): string {
  return [node, condition].join(SEPARATOR);
}
