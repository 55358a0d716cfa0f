// The identity every Azure client uses: DefaultAzureCredential — the managed identity in Azure
// (AZURE_CLIENT_ID picks a user-assigned one), `az login` on a laptop, the simulated Azure's
// App Service token endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER) locally and in tests.
// https://learn.microsoft.com/javascript/api/@azure/identity/defaultazurecredential
//
// Each token request has a time limit and honours the caller's abortSignal. Neither is left to the
// library: ManagedIdentityCredential hands the request to MSAL (acquireToken takes no abortSignal)
// and replaces any additionalPolicies with its own, and a client's pipeline shares one token
// refresh between all its requests — a token endpoint that never answers would hold every call
// of that client. So the wait is bounded here, around getToken. (The abandoned request is left to
// the socket's end; a token already cached by MSAL is answered without a request.)
// @azure/identity (with MSAL, ~0.6 MB of the bundle) loads with the first token request, not at
// import: a cold start that is answered from the token cache or a function that calls no Azure API
// does not pay for parsing it.
import type { GetTokenOptions, TokenCredential } from '@azure/core-auth';
import { DEFAULT_CALL_TIMEOUT_IN_MS } from './attempt-timeout.js';
import { callSignal, TimeoutError } from './deadline.js';

export interface AzureCredentialOptions {
  /** Longest wait for one token (SNAT_CALL_TIMEOUT_SECONDS); 20 s when unset. */
  timeoutInMs?: number;
}

export function createAzureCredential(env: NodeJS.ProcessEnv = process.env, options: AzureCredentialOptions = {}): TokenCredential {
  return withTokenTimeout(defaultAzureCredential(env.AZURE_CLIENT_ID?.trim()), options.timeoutInMs ?? DEFAULT_CALL_TIMEOUT_IN_MS);
}

/** Loads @azure/identity now (the runtime does, while it opens its tables), so the first token request does not wait for it. */
export async function preloadIdentity(): Promise<void> {
  await import('@azure/identity');
}

/** DefaultAzureCredential (a user-assigned managed identity when `managedIdentityClientId` is set), built on its first getToken. */
export function defaultAzureCredential(managedIdentityClientId?: string): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  const load = async (): Promise<TokenCredential> => {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return managedIdentityClientId ? new DefaultAzureCredential({ managedIdentityClientId }) : new DefaultAzureCredential();
  };
  return {
    async getToken(scopes, options) {
      credential ??= load().catch((error: unknown) => {
        credential = undefined;
        throw error;
      });
      return (await credential).getToken(scopes, options);
    },
  };
}

/** `credential`, whose getToken fails with TimeoutError after `timeoutInMs` or when the caller's signal fires. */
export function withTokenTimeout(credential: TokenCredential, timeoutInMs: number): TokenCredential {
  return {
    getToken(scopes, options: GetTokenOptions = {}) {
      const caller = options.abortSignal;
      const call = callSignal(caller, timeoutInMs);
      const { signal } = call;
      return new Promise((resolve, reject) => {
        const onAbort = () =>
          reject(
            caller?.aborted
              ? new TimeoutError('DEADLINE_EXCEEDED', 'the token endpoint did not answer before the deadline')
              : new TimeoutError('CALL_TIMEOUT', `the token endpoint did not answer within ${timeoutInMs} ms`),
          );
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        credential
          .getToken(scopes, { ...options, abortSignal: signal })
          .then(resolve, reject)
          .finally(() => {
            signal.removeEventListener('abort', onAbort);
            call.dispose();
          });
      });
    },
  };
}
