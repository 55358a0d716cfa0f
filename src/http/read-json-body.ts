// Reads a JSON request body safely: 415 unless the content type is JSON, 413 past `maxBytes`
// (checked on Content-Length and again while streaming), 400 for bytes that are not UTF-8 JSON or
// a value the schema rejects (every wrong field listed). Nothing of the body is ever echoed.
import type { HttpRequest } from '@azure/functions';
import type { z } from 'zod';
import { fieldErrors, wrongFieldCount } from './field-errors.js';
import { HttpError } from './http-error.js';
import { readRawBody } from './read-raw-body.js';

/** 64 KiB: a planning request is under 1 KiB; anything near this is not one. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface ReadJsonBodyOptions {
  maxBytes?: number;
}

export async function readJsonBody<Schema extends z.ZodType>(
  request: HttpRequest,
  schema: Schema,
  options: ReadJsonBodyOptions = {},
): Promise<z.output<Schema>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    throw new HttpError(415, 'unsupported-media-type', 'Send the body as application/json.', { headers: { accept: 'application/json' } });
  }
  return parseJsonBytes(await readRawBody(request, maxBytes), schema);
}

/** The stages after reading: decode, parse, validate. Shared with the command line. */
export function parseJsonBytes<Schema extends z.ZodType>(bytes: Uint8Array, schema: Schema): z.output<Schema> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'malformed-json', 'The body is not valid UTF-8.');
  }
  if (text.trim() === '') throw new HttpError(400, 'malformed-json', 'The body is empty: expected a JSON object.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the body, which may hold secrets: say where, not what.
    throw new HttpError(400, 'malformed-json', 'The body is not valid JSON.');
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  const fields = wrongFieldCount(result.error);
  throw new HttpError(400, 'invalid-request', `${fields.toLocaleString('en-US')} field${fields === 1 ? ' is' : 's are'} invalid.`, { errors });
}

export function isJsonMediaType(contentType: string | null): boolean {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}
