// A page answer: HTML that is never cached (it holds live data, and its URL may hold the function
// key), never sniffed, never framed, under the page's own Content-Security-Policy, and that sends
// no Referer so the key in its URL cannot leak through a link.
import type { HttpResponseInit } from '@azure/functions';

export interface HtmlResponseOptions {
  status?: number;
  contentSecurityPolicy: string;
  headers?: Record<string, string>;
}

export function htmlResponse(body: string, options: HtmlResponseOptions): HttpResponseInit {
  return {
    status: options.status ?? 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': options.contentSecurityPolicy,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...options.headers,
    },
    body,
  };
}
