// The identity every Azure client uses: DefaultAzureCredential — the managed identity in Azure
// (AZURE_CLIENT_ID picks a user-assigned one), `az login` on a laptop, the simulated Azure's
// App Service token endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER) locally and in tests.
// https://learn.microsoft.com/javascript/api/@azure/identity/defaultazurecredential
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

export function createAzureCredential(env: NodeJS.ProcessEnv = process.env): TokenCredential {
  const managedIdentityClientId = env.AZURE_CLIENT_ID?.trim();
  return managedIdentityClientId ? new DefaultAzureCredential({ managedIdentityClientId }) : new DefaultAzureCredential();
}
