// The handler called directly (`new HttpRequest`) on a runtime with no signing secret: every request
// is refused, signed or not, and nothing is written.
import { createHmac } from 'node:crypto';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { slackInteractions } from '../../src/functions/slack-interactions.js';
import { blockActionsBody } from '../../src/local/signed-interaction.js';
import { createRuntime, useRuntime } from '../../src/runtime.js';
import { testStorageSettings } from '../support/test-storage.js';

const TARGET = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/kubernetes';

describe('slackInteractions without SLACK_SIGNING_SECRET', () => {
  it('should answer 503 misconfigured and record nothing, whatever the request', async () => {
    const runtime = await createRuntime({ env: { ...testStorageSettings(), SNAT_TARGETS: TARGET, SLACK_WEBHOOK_URL: 'http://127.0.0.1:9/hook' } });
    useRuntime(runtime);
    const body = blockActionsBody({ actionId: 'snat-silence-24h', incident: `${TARGET}#1` });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const request = new HttpRequest({
      method: 'POST',
      url: 'http://localhost/api/slack/interactions',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': `v0=${createHmac('sha256', '').update(`v0:${timestamp}:${body}`).digest('hex')}`,
      },
      body: { string: body },
    });
    const response = await slackInteractions(request, new InvocationContext({ functionName: 'slackInteractions' }));
    expect(response.status).toBe(503);
    expect(JSON.parse(String(response.body))).toMatchObject({ code: 'misconfigured', detail: expect.stringMatching(/SLACK_SIGNING_SECRET/) });
    expect(await runtime.silences.list(new Date())).toEqual([]);
  });
});
