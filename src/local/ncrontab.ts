// NCRONTAB, the six-field schedule of Azure Functions timers ({second} {minute} {hour} {day} {month}
// {day-of-week}), so the local host fires timers exactly when the real host would. Parsing and the
// next occurrence are croner's (a maintained cron library that reads the six-field form); this file
// only pins it to NCRONTAB's reading: exactly six fields, UTC (the default of the Functions host),
// and a day that must match both the day-of-month and the day-of-week field, as NCrontab does.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions
import { Cron } from 'croner';

export interface Schedule {
  expression: string;
  cron: Cron;
}

const FIELD_NAMES = 'second minute hour day month day-of-week';

/** Parses an NCRONTAB expression; throws RangeError naming the bad field. */
export function parseSchedule(expression: string): Schedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new RangeError(`Schedule "${expression}" has ${parts.length} fields; NCRONTAB needs 6: ${FIELD_NAMES}`);
  }
  try {
    return { expression, cron: new Cron(parts.join(' '), { mode: '6-part', timezone: 'UTC', domAndDow: true, paused: true }) };
  } catch (error) {
    // croner says which field and value ("Invalid value for minute: 61"): keep its words, name the schedule.
    throw new RangeError(`Schedule "${expression}": ${(error as Error).message.replace(/^CronPattern:\s*/, '')}`);
  }
}

/** The first moment strictly after `after` (UTC, whole seconds) that the schedule fires. */
export function nextOccurrence(schedule: Schedule, after: Date): Date {
  const next = schedule.cron.nextRun(after);
  if (!next) throw new RangeError(`Schedule "${schedule.expression}" never fires`);
  return next;
}
