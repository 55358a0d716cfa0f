// Fault injection: make a route, or every request touching one resource or region, answer an error
// for the next N requests — 403/404 (unreadable), 429 with Retry-After or 529 (throttled), 5xx — or
// accept the request and never answer (`hang`), or start a 200 answer and stop halfway (`stall`),
// as a stuck endpoint does.
import { normalizeRegion, resourceIdKey } from '../../azure/resource-id.js';
import { SimHttpError } from './http-util.js';

export type SimRoute = 'token' | 'arm' | 'metrics' | 'prometheus' | 'resourceGraph';

/** Faults that never finish their answer. */
export type Stall = 'hang' | 'stall';

export interface FaultSpec {
  /**
   * The HTTP status to answer; `hang`: read the request, then never answer; `stall`: send 200 and
   * the start of the body, then nothing more (both until the client gives up).
   */
  status: number | Stall;
  /** Only this route; any route when unset. */
  route?: SimRoute;
  /** Only metrics batches sent to this region's endpoint (`westeurope`, case and spaces ignored). */
  region?: string;
  /** Only requests about this resource (an ARM read of it, or a metrics batch that includes it). */
  resourceId?: string;
  /** Only requests whose path contains this text, case-insensitively (e.g. a subscription's listings). */
  pathIncludes?: string;
  /** How many matching requests fail; forever when unset. */
  count?: number;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
}

export interface Fault {
  readonly spec: Readonly<FaultSpec>;
  /** Requests this fault has answered so far. */
  readonly hits: number;
}

interface ActiveFault extends Fault {
  hits: number;
}

const STALLS: ReadonlySet<string> = new Set<Stall>(['hang', 'stall']);

export class FaultInjector {
  private faults: ActiveFault[] = [];

  inject(spec: FaultSpec): Fault {
    if (typeof spec.status === 'string' ? !STALLS.has(spec.status) : !Number.isInteger(spec.status) || spec.status < 400 || spec.status > 599) {
      throw new RangeError(`fault status must be 400–599, "hang" or "stall", got ${spec.status}`);
    }
    const fault: ActiveFault = { spec: { ...spec }, hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * Whether the identity may not read this resource: an unspent 403 or 404 fault on its ARM reads
   * (by resource or path). Resource Graph leaves such resources out of its answers instead of failing
   * the query; asking does not use up the fault.
   */
  hides(resourceId: string): boolean {
    const key = resourceIdKey(resourceId);
    return this.faults.some(
      ({ spec, hits }) =>
        (spec.status === 403 || spec.status === 404) &&
        (spec.route === undefined || spec.route === 'arm') &&
        spec.region === undefined &&
        (spec.resourceId === undefined || resourceIdKey(spec.resourceId) === key) &&
        (spec.pathIncludes === undefined || key.includes(spec.pathIncludes.toLowerCase())) &&
        (spec.count === undefined || hits < spec.count),
    );
  }

  /** The error to answer for this request, or how to stall, if a fault matches (each match uses up one of its count). */
  take(route: SimRoute, path: string, resourceIds: readonly string[], action: string, region?: string): SimHttpError | Stall | undefined {
    const keys = new Set(resourceIds.map(resourceIdKey));
    const lowerPath = path.toLowerCase();
    const fault = this.faults.find(
      (candidate) =>
        (candidate.spec.route === undefined || candidate.spec.route === route) &&
        (candidate.spec.region === undefined || (region !== undefined && normalizeRegion(candidate.spec.region) === normalizeRegion(region))) &&
        (candidate.spec.resourceId === undefined || keys.has(resourceIdKey(candidate.spec.resourceId))) &&
        (candidate.spec.pathIncludes === undefined || lowerPath.includes(candidate.spec.pathIncludes.toLowerCase())) &&
        (candidate.spec.count === undefined || candidate.hits < candidate.spec.count),
    );
    if (!fault) return undefined;
    fault.hits += 1;
    const { status } = fault.spec;
    if (typeof status === 'string') return status;
    return faultError({ ...fault.spec, status }, fault.spec.resourceId ?? resourceIds[0] ?? path, action);
  }
}

/** The error Azure answers with this status, in its own words. */
export function faultError(spec: FaultSpec & { status: number }, scope: string, action: string): SimHttpError {
  const headers: Record<string, string> = spec.retryAfterSeconds === undefined ? {} : { 'retry-after': String(spec.retryAfterSeconds) };
  switch (spec.status) {
    case 403:
      return new SimHttpError(403, 'AuthorizationFailed', `The client '00000000-0000-0000-0000-00000000c11e' with object id '00000000-0000-0000-0000-00000000c11e' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`, headers);
    case 404:
      return new SimHttpError(404, 'ResourceNotFound', `The Resource '${scope}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`, headers);
    case 429:
      return new SimHttpError(429, 'TooManyRequests', 'The request is being throttled as the limit has been reached for operation type. For more information please refer to https://aka.ms/armthrottling', headers);
    case 529:
      return new SimHttpError(529, 'ServerBusy', 'The service is busy. Please retry the request later.', headers);
    case 503:
      return new SimHttpError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', headers);
    default:
      return new SimHttpError(spec.status, spec.status >= 500 ? 'InternalServerError' : 'BadRequest', `Injected fault (HTTP ${spec.status}).`, headers);
  }
}
