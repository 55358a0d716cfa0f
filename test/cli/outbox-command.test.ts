import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The command's behaviour against real storage is in test/faults/refused-message.test.ts; this is the binary's entry (one process: they are slow to start).
describe('outboxCommand', () => {
  it('should be `snat-watch outbox …` in the binary, and refuse a retry without an ID with its usage and exit 2', async () => {
    const wrong = await runCli(['outbox', 'retry']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('Usage: snat-watch outbox list | retry ID | drop ID   (IDs as `snat-watch outbox list` shows them)\n');
  });
});
