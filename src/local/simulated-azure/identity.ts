// The App Service managed-identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER) and the bearer
// tokens it issues, so the real DefaultAzureCredential runs unchanged. @azure/identity 4 goes through
// MSAL (msal-node ManagedIdentitySources/AppService): GET {IDENTITY_ENDPOINT}?api-version=2019-08-01
// &resource=…[&client_id=…] with header X-IDENTITY-HEADER, answered with access_token, expires_on
// (Unix seconds as a string), resource, token_type.
// https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SimHttpError } from './http-util.js';

export const IDENTITY_API_VERSION = '2019-08-01';
export const METRICS_AUDIENCE = 'https://metrics.monitor.azure.com';
/** The Prometheus query API of Azure Monitor workspaces takes only tokens for this audience (prometheus-api-promql). */
export const PROMETHEUS_AUDIENCE = 'https://prometheus.monitor.azure.com';
/** Audiences ARM accepts besides its own URL. */
const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];
const TOKEN_LIFETIME_SECONDS = 3600;

/** Shared by every simulated Azure of this process: MSAL caches tokens process-wide. */
const processSecret = randomBytes(32);

export interface TokenClaims {
  aud: string;
  appid: string;
  exp: number;
}

export class TokenIssuer {
  constructor(private readonly secret: Buffer = processSecret) {}

  /** Answers a token request as the App Service endpoint does. */
  respond(query: URLSearchParams, headerValue: string | undefined, identityHeader: string): object {
    if (!headerValue || !safeEqual(headerValue, identityHeader)) {
      throw new SimHttpError(401, 'Unauthorized', 'The X-IDENTITY-HEADER header is missing or wrong.');
    }
    if (query.get('api-version') !== IDENTITY_API_VERSION) {
      throw new SimHttpError(400, 'BadRequest', `api-version must be ${IDENTITY_API_VERSION}.`);
    }
    const resource = query.get('resource');
    if (!resource) throw new SimHttpError(400, 'BadRequest', 'The resource parameter is required.');
    const clientId = query.get('client_id') ?? query.get('mi_res_id') ?? query.get('principal_id') ?? 'system-assigned';
    const exp = Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS;
    return {
      access_token: this.sign({ aud: resource, appid: clientId, exp }),
      expires_on: String(exp),
      resource,
      token_type: 'Bearer',
      client_id: clientId,
    };
  }

  /** The claims of a token this issuer signed, unexpired; undefined otherwise. */
  verify(token: string): TokenClaims | undefined {
    const [payload, signature] = token.split('.');
    if (!payload || !signature || !safeEqual(signature, this.mac(payload))) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
      return claims.exp * 1000 > Date.now() ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private sign(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/**
 * Checks `Authorization: Bearer …` against the audiences a route accepts: the metrics data plane
 * only takes tokens for https://metrics.monitor.azure.com (DOMAIN §9), ARM takes its own.
 */
export function authorize(issuer: TokenIssuer, header: string | undefined, route: 'arm' | 'metrics' | 'prometheus', armOrigins: readonly string[]): TokenClaims {
  const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
  if (!token) throw new SimHttpError(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing.');
  const claims = issuer.verify(token);
  if (!claims) throw new SimHttpError(401, 'InvalidAuthenticationToken', 'The access token is invalid or expired.');
  const allowed = route === 'metrics' ? [METRICS_AUDIENCE] : route === 'prometheus' ? [PROMETHEUS_AUDIENCE] : [...ARM_AUDIENCES, ...armOrigins];
  const audience = claims.aud.replace(/\/+$/, '');
  if (!allowed.includes(audience)) {
    throw new SimHttpError(
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${claims.aud}'. It should exactly match with one of the allowed audiences '${allowed.join("','")}'.`,
    );
  }
  return claims;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
