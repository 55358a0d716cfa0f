import { describe, expect, it } from 'vitest';
import { BadBatchMessageError, decodeBatchText, encodeBatchMessage, MAX_QUEUE_MESSAGE_BYTES, type BatchMessage } from '../../src/fanout/batch-message.js';
import { decideFanout } from '../../src/fanout/fanout-mode.js';

/** The longest names ARM allows: resource group 90, load balancer 80 characters. */
const longId = (i: number) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${'g'.repeat(88)}${String(i).padStart(2, '0')}/providers/Microsoft.Network/loadBalancers/${'l'.repeat(80)}`;

const message = (targetIds: string[]): BatchMessage => ({ version: 1, runId: 'b7c0a1e2-0000-4000-8000-000000000001', plannedAt: '2026-12-01T22:00:00.000Z', deadline: 1_800_000_000_000, index: 0, count: 1, key: 'sub/eastus/loadBalancer/0', targetIds });

describe('encodeBatchMessage', () => {
  it('should keep the largest batch (50 targets with the longest IDs ARM allows) far below the 64 KB queue limit', () => {
    const text = encodeBatchMessage(message(Array.from({ length: 50 }, (_, i) => longId(i))));
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_QUEUE_MESSAGE_BYTES / 3);
    expect(decodeBatchText(text).targetIds).toHaveLength(50);
  });

  it('should refuse a batch of more than 50 targets', () => {
    expect(() => encodeBatchMessage(message(Array.from({ length: 51 }, (_, i) => longId(i))))).toThrow();
  });
});

describe('decodeBatchText', () => {
  it.each([
    { name: 'text that is not base64 JSON', text: '%%%not-base64%%%', says: 'not base64-encoded JSON' },
    { name: 'JSON of another shape', text: Buffer.from('{"hello":1}').toString('base64'), says: 'targetIds' },
    { name: 'a batch without targets', text: Buffer.from(JSON.stringify(message([]))).toString('base64'), says: 'targetIds' },
  ])('should refuse $name with a clear error', ({ text, says }) => {
    expect(() => decodeBatchText(text)).toThrow(BadBatchMessageError);
    expect(() => decodeBatchText(text)).toThrow(says);
  });
});

describe('decideFanout', () => {
  it.each([
    { name: 'on, whatever the count', fanout: 'on', targets: 1, mode: 'fanout', reason: 'fanout-on' },
    { name: 'off, whatever the count', fanout: 'off', targets: 50_000, mode: 'single', reason: 'fanout-off' },
    { name: 'auto at the threshold', fanout: 'auto', targets: 2_000, mode: 'single', reason: 'at-or-below-threshold' },
    { name: 'auto above the threshold', fanout: 'auto', targets: 2_001, mode: 'fanout', reason: 'above-threshold' },
  ] as const)('should decide $name', ({ fanout, targets, mode, reason }) => {
    expect(decideFanout({ SNAT_FANOUT: fanout, SNAT_FANOUT_THRESHOLD: 2_000 }, targets)).toEqual({ mode, reason });
  });
});
