// `snat-watch plan FILE|-`: the planning request from a file or stdin, the same JSON as
// POST /api/recommendations returns for the same body; bad input exits 2 with the endpoint's own
// messages (every wrong field, as "field: message").
import { readFile } from 'node:fs/promises';
import { fieldErrorLines } from '../http/field-errors.js';
import { HttpError } from '../http/http-error.js';
import { parseJsonBytes } from '../http/read-json-body.js';
import { planRequestSchema } from '../snat/plan-schema.js';
import { planEgress, planToJson } from '../snat/planner.js';
import { exitCodes, type CliCommand, type CliIo } from './dispatch.js';

export const planCommand: CliCommand = {
  usage: 'FILE|-',
  summary: 'plan SNAT capacity for the request in FILE (- reads stdin)',
  async run(args, io) {
    const [source, ...extra] = args;
    if (source === undefined || extra.length > 0) {
      io.stderr.write('Usage: snat-watch plan FILE|-   (the body of POST /api/recommendations; - reads stdin)\n');
      return exitCodes.usage;
    }
    let bytes: Uint8Array;
    try {
      bytes = source === '-' ? await readAll(io.stdin) : await readFile(source);
    } catch (error) {
      io.stderr.write(`Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}\n`);
      return exitCodes.usage;
    }
    try {
      io.stdout.write(`${planToJson(planEgress(parseJsonBytes(bytes, planRequestSchema)))}\n`);
      return exitCodes.ok;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      io.stderr.write([error.detail, ...fieldErrorLines(error.errors).map((line) => `  ${line}`), ''].join('\n'));
      return exitCodes.usage;
    }
  },
};

async function readAll(stream: CliIo['stdin']): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
