// A button press as Slack sends it: a block_actions payload, form-encoded, signed with the signing
// secret (src/http/slack-signature.ts). The terminal's `a` / `s` keys send these to the local
// endpoint, so the real verification path runs; docs/api.md shows the same with curl and openssl.
import { slackSignature } from '../http/slack-signature.js';
import type { IncidentActionId } from '../slack/interaction-payload.js';

export interface InteractionPress {
  actionId: IncidentActionId;
  incident: string;
  user?: { id: string; name: string };
}

export interface SignedInteraction {
  body: string;
  headers: Record<string, string>;
}

export function blockActionsBody(press: InteractionPress): string {
  const user = press.user ?? { id: 'ULOCAL0001', name: 'local-terminal' };
  const payload = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name },
    actions: [{ type: 'button', action_id: press.actionId, value: press.incident, block_id: 'incident-actions', action_ts: '0' }],
    container: { type: 'message', channel_id: 'CLOCAL0001', message_ts: '0' },
    channel: { id: 'CLOCAL0001', name: 'local' },
    response_url: 'http://127.0.0.1/response',
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Signed for `now` (whole seconds since the epoch, as Slack's header carries). */
export function signedInteraction(press: InteractionPress, signingSecret: string, now: Date = new Date()): SignedInteraction {
  const body = blockActionsBody(press);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(signingSecret, timestamp, body),
    },
  };
}
