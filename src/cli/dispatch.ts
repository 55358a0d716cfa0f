// The command-line dispatcher: `snat-watch <command> [args]` looks the command up in a table and
// runs it. Exit codes: 0 done, 1 failed, 2 the invocation or its input was wrong (usage, bad file).

export interface CliIo {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface CliCommand {
  /** Arguments as shown in the usage line, e.g. "FILE|-". */
  usage: string;
  summary: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

export function usage(commands: Readonly<Record<string, CliCommand>>): string {
  const lines = Object.entries(commands).map(([name, command]) => `  snat-watch ${`${name} ${command.usage}`.padEnd(24)} ${command.summary}`);
  return ['Usage: snat-watch <command> [arguments]', '', 'Commands:', ...lines, ''].join('\n');
}

export async function runCli(argv: readonly string[], commands: Readonly<Record<string, CliCommand>>, io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage(commands));
    return exitCodes.ok;
  }
  const command = name === undefined ? undefined : Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.stderr.write(`${name === undefined ? 'No command given.' : `Unknown command: ${name}`}\n\n${usage(commands)}`);
    return exitCodes.usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.stderr.write(`snat-watch ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.failed;
  }
}
