// Every request the simulated Azure answered, so tests can count calls (e.g. metrics batches per
// metric group) and benchmarks can report them.
import type { SimRoute } from './faults.js';

export interface LoggedRequest {
  method: string;
  /** Path without the query, leading slashes collapsed. */
  path: string;
  route: SimRoute | 'unknown';
  /** Decoded query parameters (`api%2Dversion` arrives as `api-version`). */
  query: Readonly<Record<string, string>>;
  bodyBytes: number;
  /** 0 until the answer starts (and for good when a `hang` fault left it unanswered). */
  status: number;
  /** Resources the request was about: the ARM resource read, the batch's `resourceids`, or the IDs a Resource Graph query names. */
  resourceIds: readonly string[];
  /** When it arrived (Date.now()): throttling tests check the waits between requests. */
  receivedAt?: number;
  /** Response headers the simulated Azure sent that tests read (quota and throttling headers). */
  headers?: Readonly<Record<string, string>>;
}

export class RequestLog {
  private readonly list: LoggedRequest[] = [];

  get entries(): readonly LoggedRequest[] {
    return this.list;
  }

  add(entry: LoggedRequest): void {
    this.list.push(entry);
  }

  /** Requests of one route, optionally narrowed further. */
  of(route: SimRoute, where: (entry: LoggedRequest) => boolean = () => true): LoggedRequest[] {
    return this.list.filter((entry) => entry.route === route && where(entry));
  }

  clear(): void {
    this.list.length = 0;
  }
}
