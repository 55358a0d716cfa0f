// HTTP function `slackInteractions`: POST /api/slack/interactions, the Slack app's interactivity
// Request URL. Verifies Slack's signature over the raw body (src/http/slack-signature.ts), refuses a
// replay, then records the button's effect (src/slack/apply-interaction.ts) before answering 200 —
// within Slack's 3 seconds, so the very next watch run honours it. Nothing reaches state unsigned.
// Anonymous on purpose: Slack cannot send a function key header, and a `?code=` in the Request URL
// would be one more secret to rotate in two places; the signing secret is the guard.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { HttpError } from '../http/http-error.js';
import { answerProblems } from '../http/problem-response.js';
import { readRawBody } from '../http/read-raw-body.js';
import { verifySlackSignature, type SignatureProblem } from '../http/slack-signature.js';
import { getRuntime } from '../runtime.js';
import { applyInteraction } from '../slack/apply-interaction.js';
import { parseInteraction } from '../slack/interaction-payload.js';

export const slackInteractionsRoute = { route: 'slack/interactions', methods: ['POST'], authLevel: 'anonymous' } as const;

/** A block_actions payload carries the whole message it came from: tens of KiB at most. */
export const MAX_INTERACTION_BYTES = 256 * 1024;

const REFUSED: Record<SignatureProblem | 'replayed', string> = {
  'missing-headers': 'X-Slack-Request-Timestamp and X-Slack-Signature are required.',
  'stale-timestamp': 'X-Slack-Request-Timestamp is more than 5 minutes from now.',
  'bad-signature': 'X-Slack-Signature does not match the body.',
  replayed: 'This request was already received.',
};

export async function slackInteractions(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  return answerProblems(context, async () => {
    const runtime = await getRuntime();
    const secret = runtime.config.SLACK_SIGNING_SECRET;
    if (!secret) throw new HttpError(503, 'misconfigured', 'SLACK_SIGNING_SECRET is not set: no Slack request can be verified, so none is accepted.');
    // Signatures are judged by the wall clock (Slack's), never the local host's scenario clock.
    const wallNow = new Date();
    const signed = { timestamp: request.headers.get('x-slack-request-timestamp'), signature: request.headers.get('x-slack-signature') };
    if (!signed.timestamp || !signed.signature) throw refused('missing-headers');
    const rawBody = await readRawBody(request, MAX_INTERACTION_BYTES);
    const problem = verifySlackSignature({ ...signed, rawBody }, secret, wallNow);
    if (problem) throw refused(problem);
    if ((await runtime.slackReplays.claim(signed.signature.slice(3), wallNow)) === 'replayed') throw refused('replayed');
    const interaction = parseInteraction(rawBody, request.headers.get('content-type'));
    const result = await applyInteraction(runtime, interaction, runtime.now());
    context.log(`Slack ${interaction.actionId} by ${interaction.user.id} on ${interaction.incident}: ${result.outcome}`);
    // Slack reads only the status of a block_actions answer; the text is for curl and the terminal.
    return { status: 200, jsonBody: { response_type: 'ephemeral', replace_original: false, text: result.text, outcome: result.outcome } };
  });
}

function refused(problem: SignatureProblem | 'replayed'): HttpError {
  return new HttpError(401, 'invalid-signature', REFUSED[problem]);
}
