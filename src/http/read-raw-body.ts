// Reads a request body as the exact bytes sent, at most `maxBytes` (413 past it, checked on
// Content-Length and again while streaming): what a signature is computed over. Read once.
import type { HttpRequest } from '@azure/functions';
import { HttpError } from './http-error.js';

export async function readRawBody(request: HttpRequest, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'payload-too-large', `The body is larger than ${maxBytes} bytes.`);
}
