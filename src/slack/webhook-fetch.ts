// A fetch for one webhook POST that knows whether the request body was written before it failed.
// That is what separates "not sent" (the connection was refused, DNS failed: safe to send again) from
// "ambiguous" (the body went out and no answer came: Slack may have posted it). Global fetch cannot
// tell the two apart, so this speaks node:http(s) and records the request's `finish` event.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface WebhookFetch {
  fetch: (url: string | URL, init?: RequestInit) => Promise<Response>;
  /** Whether the whole body was handed to the socket. */
  bodyWritten(): boolean;
}

const NULL_BODY = new Set([204, 205, 304]);

export function webhookFetch(): WebhookFetch {
  let written = false;
  return {
    bodyWritten: () => written,
    fetch: (url, init = {}) =>
      new Promise<Response>((resolve, reject) => {
        const target = new URL(String(url));
        const signal = init.signal ?? undefined;
        if (signal?.aborted) return reject(abortReason(signal));
        const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
        const headers = Object.fromEntries(new Headers(init.headers).entries());
        const body = typeof init.body === 'string' ? init.body : '';
        const req = send(target, { method: init.method ?? 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } });
        const onAbort = (): void => void req.destroy(abortReason(signal!));
        signal?.addEventListener('abort', onAbort, { once: true });
        const done = (): void => signal?.removeEventListener('abort', onAbort);
        req.once('finish', () => (written = true));
        req.once('error', (error) => {
          done();
          reject(error);
        });
        req.once('response', (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('error', (error) => {
            done();
            reject(error);
          });
          res.once('end', () => {
            done();
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders.set(name, value);
            const status = res.statusCode ?? 0;
            try {
              // A Response refuses a body with 204/205/304 and any status outside 200–599 (a broken proxy, say).
              resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
            } catch (error) {
              reject(error);
            }
          });
        });
        req.end(body);
      }),
  };
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : Object.assign(new Error('aborted'), { name: 'AbortError' });
}
