// The silences paths of the OpenAPI document (openapi.ts holds the rest and the schemas, generated
// from src/alerting/silence-schema.ts).
import type { SilenceRequestInput } from '../alerting/silence-schema.js';

type Problem = (description: string) => Record<string, unknown>;

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });

const idParameter = { name: 'id', in: 'path', required: true, description: 'The silence\'s ID (a UUID).', schema: { type: 'string', format: 'uuid' } };

export const silenceRequestExamples: Record<string, { summary: string; value: SilenceRequestInput }> = {
  wholeTarget: {
    summary: 'Quiet a whole AKS load balancer for an hour during a fix',
    value: {
      matchers: { target: '/subscriptions/6f1c2b9e-3a4d-4c5e-8f70-91a2b3c4d5e6/resourceGroups/mc_rg-shop_aks-shop_westeurope/providers/Microsoft.Network/loadBalancers/kubernetes' },
      duration: '1h',
      createdBy: 'ana',
      comment: 'rolling out connection pooling',
    },
  },
  oneNodeOneCondition: {
    summary: 'One condition of a NAT gateway, until a set time',
    value: { matchers: { target: 'nat-egress', condition: 'DATAPATH_DEGRADED' }, endsAt: '2026-12-02T08:00:00Z', createdBy: 'bo', comment: '' },
  },
};

export function silencePaths(problem: Problem): Record<string, unknown> {
  const common = {
    '500': problem('An internal error (logged; nothing is revealed).'),
    '503': problem('The state storage is unavailable (`storage-unavailable`, with Retry-After).'),
  };
  return {
    '/silences': {
      get: {
        operationId: 'listSilences',
        summary: 'Silences not over yet (pending and active), soonest end first.',
        parameters: [{ name: 'state', in: 'query', required: false, description: '`all` adds the silences that ended in the last week.', schema: { type: 'string', enum: ['active', 'all'], default: 'active' } }],
        responses: { '200': { description: 'The silences.', content: json('SilenceList') }, '400': problem('`state` is not active or all.'), ...common },
      },
      post: {
        operationId: 'createSilence',
        summary: 'Silence a watched target, or one node or condition of it, until `endsAt` (or for `duration`).',
        description:
          'The target must be watched: its resource ID, or a name only one watched target has (every AKS load balancer is called kubernetes). The end must be after now and at most 30 days away. The page reaches the same operation at /recommendations/silences.',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SilenceRequest' }, examples: silenceRequestExamples } } },
        responses: {
          '201': { description: 'The silence, with its address in Location.', content: json('Silence') },
          '400': problem('Malformed JSON or invalid fields (an unknown or ambiguous target, an end in the past or too far away); `errors` names every wrong field.'),
          '413': problem('The body is larger than 4 KiB.'),
          '415': problem('The body is not application/json.'),
          ...common,
        },
      },
    },
    '/silences/{id}': {
      get: {
        operationId: 'getSilence',
        summary: 'One silence, whatever its state (kept a week after it ends).',
        parameters: [idParameter],
        responses: { '200': { description: 'The silence.', content: json('Silence') }, '404': problem('No silence has that ID.'), ...common },
      },
      delete: {
        operationId: 'endSilence',
        summary: 'End a silence now. Ending one that has already ended changes nothing and also answers 204.',
        parameters: [idParameter, { name: 'by', in: 'query', required: false, description: 'Who ends it (at most 100 characters); `unknown` when absent.', schema: { type: 'string', maxLength: 100 } }],
        responses: { '204': { description: 'Ended (or already over).' }, '400': problem('`by` is too long.'), '404': problem('No silence has that ID.'), ...common },
      },
    },
  };
}
