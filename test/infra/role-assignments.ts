// The role assignments a Bicep file declares, read from its text: which role, on what.
import { bodyOf, declarations, nestedEntries, stringVariables, targetScope, type BicepFile } from './bicep-text.js';

/** What roleAssignments reports for an assignment of a role defined in the same file (`<symbol>.id`). */
export const CUSTOM_ROLE = { id: 'custom:watchReader', name: 'SNAT Watch Reader (custom)' } as const;

// Built-in role IDs: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
export const ROLES = {
  watchReader: CUSTOM_ROLE,
  reader: { id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', name: 'Reader' },
  monitoringReader: { id: '43d0d8ad-25c7-4714-9337-8ba259a9fe05', name: 'Monitoring Reader' },
  storageBlobDataOwner: { id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b', name: 'Storage Blob Data Owner' },
  storageQueueDataContributor: { id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88', name: 'Storage Queue Data Contributor' },
  storageTableDataContributor: { id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', name: 'Storage Table Data Contributor' },
  keyVaultSecretsUser: { id: '4633458b-17de-408a-b874-0445c86b69e6', name: 'Key Vault Secrets User' },
  monitoringMetricsPublisher: { id: '3913510d-42f4-4e42-8a64-420c390055eb', name: 'Monitoring Metrics Publisher' },
  monitoringDataReader: { id: 'b0d8363b-8ddd-447d-831f-62ca05bff136', name: 'Monitoring Data Reader' },
} as const;

// Never granted anywhere: each can change or delete what it covers.
export const FORBIDDEN_ROLES = [
  { id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', name: 'Owner' },
  { id: 'b24988ac-6180-42a0-ab88-20f7382dd24c', name: 'Contributor' },
  { id: '4d97b98b-1d4f-4787-a291-c67834d212e7', name: 'Network Contributor' },
] as const;

export interface RoleAssignment {
  file: string;
  symbol: string;
  /** `subscription` or `resourceGroup` (the deployment scope itself), or the type of the scoped resource. */
  scope: string;
  roleId: string | undefined;
  /** The variable holding the role ID, with the comment on its line. */
  variable: { name: string; comment: string } | undefined;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function roleAssignments(file: BicepFile): RoleAssignment[] {
  const all = declarations(file);
  const types = new Map(all.filter((d) => d.keyword === 'resource').map((d) => [d.symbol, d.target.split('@')[0]!]));
  const variables = stringVariables(file);
  const resolveScope = (d: (typeof all)[number]) => {
    const scopeSymbol = bodyOf(file, d).get('scope')?.value;
    return scopeSymbol === undefined ? targetScope(file) : (types.get(scopeSymbol) ?? `unknown scope ${scopeSymbol}`);
  };
  return all
    .filter((d) => d.keyword === 'resource' && d.target.startsWith('Microsoft.Authorization/roleAssignments@'))
    .map((d) => {
      const scope = resolveScope(d);
      const expression = nestedEntries(file, d, 'properties').get('roleDefinitionId')?.value ?? '';
      const literal = GUID.exec(expression)?.[0];
      // A role defined beside the assignment: `roleDefinitionId: <roleDefinitions symbol>.id`.
      const custom = /^(\w+)\.id$/.exec(expression.trim())?.[1];
      if (custom && types.get(custom) === 'Microsoft.Authorization/roleDefinitions') {
        return { file: file.path, symbol: d.symbol, scope: resolveScope(d), roleId: `custom:${custom}`, variable: { name: custom, comment: commentAfter(file, d) } };
      }
      const name = /,\s*(\w+)\s*\)$/.exec(expression)?.[1];
      const variable = name === undefined ? undefined : variables.get(name);
      return {
        file: file.path,
        symbol: d.symbol,
        scope,
        roleId: literal ?? variable?.value,
        variable: !literal && name && variable ? { name, comment: variable.comment } : undefined,
      };
    });
}

export function roleName(id: string | undefined): string {
  return Object.values(ROLES).find((role) => role.id === id)?.name ?? `unknown role ${id ?? '(not a literal)'}`;
}

/** The comment after `roleDefinitionId: x.id` in an assignment, which names the role. */
function commentAfter(file: BicepFile, d: { open: number }): string {
  const rest = file.text.slice(d.open);
  return /roleDefinitionId:\s*\w+\.id[ \t]*\/\/(.*)$/m.exec(rest)?.[1]?.trim() ?? '';
}
