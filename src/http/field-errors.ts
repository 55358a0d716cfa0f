// Turns a zod error into one entry per wrong field ("egress.frontendIps"), so a client sees every
// problem at once. Messages come from our schemas and never contain the submitted values. Unknown
// fields are the one place a client's own words (its key names) come back: at most
// MAX_UNKNOWN_FIELDS of them are named, each cut to MAX_FIELD_NAME_LENGTH characters, and one more
// entry counts the rest — so a 64 KiB body of made-up keys gets an answer of a few KiB, not 900.
import type { z } from 'zod';
import type { FieldError } from './http-error.js';

export const MAX_UNKNOWN_FIELDS = 20;
export const MAX_FIELD_NAME_LENGTH = 64;

export function fieldErrors(error: z.ZodError): FieldError[] {
  const unknown: string[] = [];
  const errors = error.issues.flatMap((issue): FieldError[] => {
    const at = issue.path.map(String);
    if (issue.code !== 'unrecognized_keys') return [{ field: fieldName(at), message: issue.message, code: issue.code }];
    unknown.push(...issue.keys.map((key) => fieldName([...at, key])));
    return [];
  });
  const named = unknown.slice(0, MAX_UNKNOWN_FIELDS).map((field): FieldError => ({ field, message: 'is not a known field', code: 'unrecognized_keys' }));
  const more = unknown.length - named.length;
  const rest: FieldError[] = more > 0 ? [{ field: '(body)', message: `and ${more.toLocaleString('en-US')} more unknown field${more === 1 ? '' : 's'}`, code: 'unrecognized_keys' }] : [];
  return [...errors, ...named, ...rest];
}

/** How many distinct fields are wrong, counting the unknown ones left unnamed too. */
export function wrongFieldCount(error: z.ZodError): number {
  const fields = new Set<string>();
  for (const issue of error.issues) {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) fields.add([...at, key].join('\u0000'));
    else fields.add(at.join('\u0000'));
  }
  return fields.size;
}

function fieldName(path: readonly string[]): string {
  const name = path.length === 0 ? '(body)' : path.join('.');
  // Cut by code point, so an emoji is never split into half a surrogate pair.
  return name.length <= MAX_FIELD_NAME_LENGTH ? name : `${Array.from(name).slice(0, MAX_FIELD_NAME_LENGTH - 1).join('')}…`;
}

/** The lines the command line prints for a bad request: "field: message". */
export function fieldErrorLines(errors: readonly FieldError[]): string[] {
  return errors.map((error) => `${error.field}: ${error.message}`);
}
