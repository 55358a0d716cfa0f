// A successful JSON answer from an already serialized body, so the endpoint and the command line
// emit the same bytes for the same result. `nosniff`: a browser never reads it as anything but JSON.
import type { HttpResponseInit } from '@azure/functions';

export function jsonResponse(json: string, status = 200): HttpResponseInit {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }, body: json };
}
