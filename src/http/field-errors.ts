// Turns a zod error into one entry per wrong field ("egress.frontendIps"), so a client sees every
// problem at once. Messages come from our schemas and never contain the submitted values.
import type { z } from 'zod';
import type { FieldError } from './http-error.js';

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const at = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: fieldName([...at, key]), message: 'is not a known field', code: issue.code }));
    }
    return [{ field: fieldName(at), message: issue.message, code: issue.code }];
  });
}

function fieldName(path: readonly string[]): string {
  return path.length === 0 ? '(body)' : path.join('.');
}

/** The lines the command line prints for a bad request: "field: message". */
export function fieldErrorLines(errors: readonly FieldError[]): string[] {
  return errors.map((error) => `${error.field}: ${error.message}`);
}
