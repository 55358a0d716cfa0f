import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('runCli', () => {
  it.each([
    { name: 'an unknown command', args: ['frobnicate'], first: 'Unknown command: frobnicate' },
    { name: 'no command', args: [], first: 'No command given.' },
  ])('should print usage and exit 2 for $name', async ({ args, first }) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(first);
    expect(run.stderr).toContain('Usage: snat-watch <command> [arguments]');
    expect(run.stderr).toMatch(/snat-watch plan FILE\|- +plan SNAT capacity/);
  });

  it('should print usage to stdout and exit 0 for --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: snat-watch <command> [arguments]');
  });
});
