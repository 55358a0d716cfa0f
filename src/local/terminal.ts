// How the local host writes to the terminal: ANSI colours when stdout is a terminal (and NO_COLOR is
// unset), plain text when piped, so logs and tests read the same words either way.
// https://no-color.org

export type Tone = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';

export interface Terminal {
  write(line: string): void;
  /** Error output (startup problems, failed runs). */
  warn(line: string): void;
  paint(tone: Tone, text: string): string;
}

const CODES: Record<Tone, [number, number]> = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], green: [32, 39], cyan: [36, 39] };

export interface TerminalStreams {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export function createTerminal(streams: TerminalStreams, env: NodeJS.ProcessEnv = process.env): Terminal {
  const colour = env.FORCE_COLOR ? env.FORCE_COLOR !== '0' : streams.stdout.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
  return {
    write: (line) => void streams.stdout.write(`${line}\n`),
    warn: (line) => void streams.stderr.write(`${line}\n`),
    paint: (tone, text) => (colour ? `\u001b[${CODES[tone][0]}m${text}\u001b[${CODES[tone][1]}m` : text),
  };
}

/** A bar of `width` cells for a ratio (clamped to 0–1), eighths for the last cell. */
export function bar(ratio: number, width: number): string {
  const cells = Math.max(0, Math.min(1, ratio)) * width;
  const full = Math.floor(cells);
  const part = Math.floor((cells - full) * 8);
  const partial = full < width && part > 0 ? ' ▏▎▍▌▋▊▉'[part]! : '';
  return `${'█'.repeat(full)}${partial}`.padEnd(width, '·');
}
