import { describe, expect, it } from 'vitest';
import type { DeliverOutboxResult } from '../../src/slack/deliver-outbox.js';
import { createDeliveryPump } from '../../src/watch/delivery-pump.js';

const quiet = { log: () => {}, warn: () => {}, error: () => {} };

/** A deliverer that takes `ms` per pass and records how many passes overlap. */
function slowDeliverer(ms: number) {
  const stats = { passes: 0, inFlight: 0, maxInFlight: 0 };
  const deliver = async (): Promise<DeliverOutboxResult> => {
    stats.passes += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    await new Promise((resolve) => setTimeout(resolve, ms));
    stats.inFlight -= 1;
    return { delivered: 1, pending: 0, failed: 0, parked: 0, stoppedBy: 'drained', failures: [] };
  };
  return { stats, deliver };
}

describe('createDeliveryPump', () => {
  it('should never run two passes at once, and run one more pass for kicks that came during a pass', async () => {
    const { stats, deliver } = slowDeliverer(30);
    const pump = createDeliveryPump(deliver, quiet);
    pump.kick();
    pump.kick();
    pump.kick();
    const total = await pump.finish();
    expect(stats.maxInFlight).toBe(1);
    // The first pass, then one for the kicks during it (finish's own kick joins them).
    expect(stats.passes).toBe(2);
    expect(total.delivered).toBe(2);
  });

  it('should rethrow when the last pass failed, so the run reports it', async () => {
    const pump = createDeliveryPump(async () => {
      throw new Error('storage unreachable');
    }, quiet);
    await expect(pump.finish()).rejects.toThrow('storage unreachable');
  });
});
