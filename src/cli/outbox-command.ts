// `snat-watch outbox list | retry ID | drop ID`: the Slack outbox seen and handled by a person —
// what waits, what was parked because Slack refused it (with Slack's reason), putting a parked
// message back in its target's queue once the cause is fixed, or dropping one for good.
import { getRuntime } from '../runtime.js';
import type { OutboxMessage } from '../state/outbox.js';
import { exitCodes, type CliCommand, type CliIo } from './dispatch.js';
import { slackMessageOf } from '../slack/notification-payload.js';

const USAGE = 'Usage: snat-watch outbox list | retry ID | drop ID   (IDs as `snat-watch outbox list` shows them)\n';

export const outboxCommand: CliCommand = {
  usage: 'list|retry ID|drop ID',
  summary: 'show the Slack outbox and its parked messages; resend or drop one',
  async run(args, io) {
    const [action, id, ...extra] = args;
    const wantsId = action === 'retry' || action === 'drop';
    if (!(action === 'list' || wantsId) || (wantsId ? !id : id !== undefined) || extra.length > 0) {
      io.stderr.write(USAGE);
      return exitCodes.usage;
    }
    const { outbox } = await getRuntime();
    if (action === 'list') return list(await outbox.list(), await outbox.listParked(), io);
    let result: string;
    try {
      result = action === 'retry' ? await outbox.retry(id!) : await outbox.drop(id!);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      io.stderr.write(`snat-watch outbox ${action}: ${error.message}\n`);
      return exitCodes.usage;
    }
    const said: Record<string, [string, number]> = {
      retried: [`Put ${id} back in its target's queue; the next watch run sends it.`, exitCodes.ok],
      dropped: [`Dropped ${id}; it will not be sent.`, exitCodes.ok],
      'not-parked': [`${id} is not parked (it is waiting for delivery already); nothing changed.`, exitCodes.failed],
      gone: [`No outbox message ${id} (delivered or dropped already).`, exitCodes.failed],
    };
    const [text, code] = said[result]!;
    (code === exitCodes.ok ? io.stdout : io.stderr).write(`${text}\n`);
    return code;
  },
};

function list(pending: ReadonlyArray<OutboxMessage<unknown>>, parked: ReadonlyArray<OutboxMessage<unknown>>, io: CliIo): number {
  io.stdout.write(`Waiting for delivery: ${pending.length}\n`);
  for (const message of pending) {
    const state = message.status === 'sending' ? `sending since ${message.claimedAt ?? '?'}` : message.notBefore ? `re-sent after ${message.notBefore}` : 'pending';
    io.stdout.write(`  ${message.id}  ${state}, ${message.attempts} attempt(s)${message.possibleCopies > 0 ? `, ${message.possibleCopies} possibly in Slack` : ''}${message.lastError ? `, last: ${message.lastError}` : ''}\n`);
    io.stdout.write(`    ${textOf(message)}\n`);
  }
  io.stdout.write(`Parked (Slack refused them): ${parked.length}\n`);
  for (const message of parked) {
    io.stdout.write(`  ${message.id}  ${message.kind} #${message.sequence} of ${message.targetId}, parked ${message.parked?.at ?? '?'}: ${message.parked?.reason ?? ''}\n`);
    io.stdout.write(`    ${textOf(message)}\n`);
  }
  if (parked.length > 0) io.stdout.write('Resend one with `snat-watch outbox retry ID` once the cause is fixed, or `snat-watch outbox drop ID`.\n');
  return exitCodes.ok;
}

function textOf(message: OutboxMessage<unknown>): string {
  return String(slackMessageOf(message.payload)?.text ?? '(no text)').replace(/\s+/g, ' ').slice(0, 200);
}
