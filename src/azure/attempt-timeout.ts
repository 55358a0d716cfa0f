// A per-attempt time limit for the SDK clients, as a pipeline policy (position `perRetry`): each
// attempt gets its own timer joined to the caller's abortSignal, so a server that accepts the
// connection and never answers — or stops halfway through its body — ends the attempt. The
// pipeline's own `timeout` would stop at the response headers; a signal also cuts a stalled body.
// https://learn.microsoft.com/javascript/api/@azure/core-rest-pipeline/pipelinepolicy
// https://learn.microsoft.com/javascript/api/@azure/core-client/commonclientoptions#@azure-core-client-commonclientoptions-additionalpolicies
import type { NetworkManagementClientOptionalParams } from '@azure/arm-network';
import { callSignal, TimeoutError } from './deadline.js';

type AdditionalPolicy = NonNullable<NetworkManagementClientOptionalParams['additionalPolicies']>[number];

/** The default per-attempt timeout of an Azure call (SNAT_CALL_TIMEOUT_SECONDS). */
export const DEFAULT_CALL_TIMEOUT_IN_MS = 20_000;

export function attemptTimeoutPolicy(timeoutInMs: number): AdditionalPolicy {
  return {
    position: 'perRetry',
    policy: {
      name: 'snatWatchAttemptTimeout',
      async sendRequest(request, next) {
        const caller = request.abortSignal;
        const attempt = callSignal(caller, timeoutInMs);
        request.abortSignal = attempt.signal;
        try {
          return await next(request);
        } catch (error) {
          if (attempt.timedOut() && !caller?.aborted) {
            const { host, pathname } = new URL(request.url);
            throw new TimeoutError('CALL_TIMEOUT', `${request.method} https://${host}${pathname} did not answer within ${timeoutInMs} ms`);
          }
          throw error;
        } finally {
          attempt.dispose();
          request.abortSignal = caller;
        }
      },
    },
  };
}
