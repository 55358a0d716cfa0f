// NCRONTAB, the six-field schedule of Azure Functions timers ({second} {minute} {hour} {day} {month}
// {day-of-week}), so the local host fires timers exactly when the real host would.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly FieldSpec[] = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

export interface Schedule {
  expression: string;
  /** Allowed values per field, in FIELDS order. */
  fields: ReadonlyArray<ReadonlySet<number>>;
}

/** Parses an NCRONTAB expression; throws RangeError naming the bad field. */
export function parseSchedule(expression: string): Schedule {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) {
    throw new RangeError(`Schedule "${expression}" has ${parts.length} fields; NCRONTAB needs 6: second minute hour day month day-of-week`);
  }
  return { expression, fields: FIELDS.map((spec, index) => parseField(parts[index]!, spec, expression)) };
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const match = /^(\*|[\w]+(?:-[\w]+)?)(?:\/(\d+))?$/i.exec(item);
    if (!match) throw new RangeError(`Schedule "${expression}": cannot read ${spec.name} "${item}"`);
    const [, range, stepText] = match;
    const step = stepText === undefined ? 1 : Number(stepText);
    const [from, to] = range === '*' ? [spec.min, spec.max] : readRange(range!, spec, expression, stepText !== undefined);
    if (step < 1) throw new RangeError(`Schedule "${expression}": ${spec.name} step must be at least 1`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

function readRange(range: string, spec: FieldSpec, expression: string, stepped: boolean): [number, number] {
  const [low, high] = range.split('-').map((text) => readValue(text, spec, expression));
  // "5/15" means from 5 to the end in steps of 15, as in cron.
  return [low!, high ?? (stepped ? spec.max : low!)];
}

function readValue(text: string, spec: FieldSpec, expression: string): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  const value = named >= 0 ? named + spec.min : Number(text);
  if (!Number.isInteger(value) || value < spec.min || value > spec.max) {
    throw new RangeError(`Schedule "${expression}": ${spec.name} must be ${spec.min}–${spec.max}, got "${text}"`);
  }
  return value;
}

/** The first moment strictly after `after` (UTC, whole seconds) that the schedule fires. */
export function nextOccurrence(schedule: Schedule, after: Date): Date {
  const [seconds, minutes, hours, days, months, weekdays] = schedule.fields as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const at = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  // Bounded search: any valid schedule fires within about four years (29 February).
  const limit = at.getTime() + 5 * 366 * 24 * 3600 * 1000;
  while (at.getTime() < limit) {
    if (!months.has(at.getUTCMonth() + 1)) {
      at.setUTCMonth(at.getUTCMonth() + 1, 1);
      at.setUTCHours(0, 0, 0);
    } else if (!days.has(at.getUTCDate()) || !weekdays.has(at.getUTCDay())) {
      at.setUTCDate(at.getUTCDate() + 1);
      at.setUTCHours(0, 0, 0);
    } else if (!hours.has(at.getUTCHours())) {
      at.setUTCHours(at.getUTCHours() + 1, 0, 0);
    } else if (!minutes.has(at.getUTCMinutes())) {
      at.setUTCMinutes(at.getUTCMinutes() + 1, 0);
    } else if (!seconds.has(at.getUTCSeconds())) {
      at.setUTCSeconds(at.getUTCSeconds() + 1);
    } else {
      return at;
    }
  }
  throw new RangeError(`Schedule "${schedule.expression}" never fires`);
}
