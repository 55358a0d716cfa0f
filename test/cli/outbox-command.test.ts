import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// The command's behaviour against real storage is in test/faults/refused-message.test.ts; this is the binary's entry.
describe('outboxCommand', () => {
  it('should be `snat-watch outbox list|retry ID|drop ID` in the binary, and refuse anything else with exit 2', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/snat-watch outbox list\|retry ID\|drop ID +show the Slack outbox/);
    const wrong = await runCli(['outbox', 'retry']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe('Usage: snat-watch outbox list | retry ID | drop ID   (IDs as `snat-watch outbox list` shows them)\n');
  });
});
