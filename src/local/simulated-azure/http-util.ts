// Small HTTP helpers of the simulated Azure: bodies, JSON answers and Azure's error envelope
// `{"error":{"code","message"}}` (common-types ErrorResponse).
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An answer in Azure's error shape; thrown by route handlers, turned into a response in one place. */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new SimHttpError(400, code, message);

const MAX_BODY_BYTES = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SimHttpError(413, 'RequestEntityTooLarge', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-ms-request-id': requestId(),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: SimHttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, { 'x-ms-error-code': error.code, ...error.headers });
}

/** Writes a large body piece by piece, waiting when the socket buffer is full. */
export async function writeChunk(res: ServerResponse, chunk: string): Promise<void> {
  if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
}

let counter = 0;
function requestId(): string {
  return `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;
}
