// Function keys as Azure checks them, for `snat-watch start --keys`: every HTTP function with auth
// level `function` has its own key, which opens that function only; the key comes as `?code=` or the
// `x-functions-key` header; anything else is 401. Off by default, as with `func start`.
// https://learn.microsoft.com/azure/azure-functions/function-keys-how-to
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { HttpFunctionOptions } from '@azure/functions';

/** Function name → its key. */
export type FunctionKeys = Readonly<Record<string, string>>;

/** Keys for every function with auth level `function` (the default): the given ones, the rest generated. */
export function functionKeysFor(routes: ReadonlyArray<{ name: string; options: HttpFunctionOptions }>, given: FunctionKeys = {}): FunctionKeys {
  const names = routes.filter((route) => needsKey(route.options)).map((route) => route.name);
  const unknown = Object.keys(given).filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new RangeError(`--key names no function that takes a key: ${unknown.join(', ')} (functions: ${names.join(', ')})`);
  // 32 random bytes, base64url: the shape of the keys Azure generates, and safe in a query string.
  return Object.fromEntries(names.map((name) => [name, given[name] ?? randomBytes(32).toString('base64url')]));
}

export function needsKey(options: HttpFunctionOptions): boolean {
  return (options.authLevel ?? 'function') !== 'anonymous';
}

/** Whether the request carries the key of `functionName`; keys of other functions do not count. */
export function hasKey(keys: FunctionKeys, functionName: string, url: URL, headerKey: string | undefined): boolean {
  const expected = keys[functionName];
  if (expected === undefined) return false;
  return [url.searchParams.get('code'), headerKey].some((offered) => offered !== null && offered !== undefined && sameKey(offered, expected));
}

function sameKey(offered: string, expected: string): boolean {
  const [a, b] = [Buffer.from(offered), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}
