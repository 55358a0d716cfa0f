// The part of Azure Resource Graph's schema the app's queries may use, declared for the Kusto
// language service (resource-graph-queries.test.ts). Kept small on purpose: a query that reaches for
// a table, column or property not listed here fails the test until someone checks the docs and adds it.
//
// The `resources` table and its columns: "Understanding the Azure Resource Graph query language",
// Resource Graph tables (https://learn.microsoft.com/azure/governance/resource-graph/concepts/query-language#resource-graph-tables)
// and the Resources REST response (https://learn.microsoft.com/rest/api/azureresourcegraph/resourcegraph/resources/resources).
// The types it holds: https://learn.microsoft.com/azure/governance/resource-graph/reference/supported-tables-resources#resources
// `properties` is the resource's ARM `properties` as a GET answers it; the names per type below are
// from the REST references: Load Balancers - Get, NAT Gateways - Get, Public IP Prefixes - Get,
// Managed Clusters - Get (https://learn.microsoft.com/rest/api/virtualnetwork/, /rest/api/aks/).
import { createRequire } from 'node:module';

export const RESOURCES_COLUMNS: Readonly<Record<string, 'string' | 'dynamic'>> = {
  id: 'string', name: 'string', type: 'string', tenantId: 'string', kind: 'string', location: 'string',
  resourceGroup: 'string', subscriptionId: 'string', managedBy: 'string',
  sku: 'dynamic', plan: 'dynamic', properties: 'dynamic', tags: 'dynamic', identity: 'dynamic', zones: 'dynamic', extendedLocation: 'dynamic',
};

/** Properties under `properties` per resource type (lowercased, as Resource Graph stores `type`). */
export const PROPERTIES_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  'microsoft.network/loadbalancers': ['frontendIPConfigurations', 'backendAddressPools', 'loadBalancingRules', 'outboundRules', 'inboundNatRules', 'probes'],
  'microsoft.network/natgateways': ['publicIpAddresses', 'publicIpAddressesV6', 'publicIpPrefixes', 'publicIpPrefixesV6', 'idleTimeoutInMinutes', 'subnets'],
  'microsoft.network/publicipprefixes': ['prefixLength', 'publicIPAddressVersion', 'ipPrefix', 'publicIPAddresses'],
  'microsoft.containerservice/managedclusters': ['nodeResourceGroup', 'agentPoolProfiles', 'networkProfile', 'kubernetesVersion'],
};

export interface KqlDiagnostic {
  severity: string;
  message: string;
  start: number;
}

interface KustoGlobal {
  Language: {
    Symbols: {
      ColumnSymbol: new (name: string, type: unknown) => unknown;
      ScalarTypes: { String: unknown; Dynamic: unknown };
      TableSymbol: { $ctor4: new (name: string, columns: unknown[]) => unknown };
      DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
    };
    GlobalState: { Default: { WithDatabase(db: unknown): unknown } };
    KustoCode: { ParseAndAnalyze(text: string, globals: unknown): { GetDiagnostics(): { Count: number; getItem(i: number): { Severity: string; Message: string; Start: number } } } };
  };
}

let kusto: KustoGlobal | undefined;

/**
 * The Kusto language service (a Bridge.NET build that installs a global `Kusto`). Loading it takes a
 * few seconds (10 MB of script): call this from a beforeAll, whose timeout is the hooks' longer one.
 */
export function loadKustoLanguage(): void {
  analyzeKql('resources | take 1');
}

function language(): KustoGlobal['Language'] {
  if (!kusto) {
    const require = createRequire(import.meta.url);
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
    kusto = (globalThis as unknown as { Kusto: KustoGlobal }).Kusto;
  }
  return kusto.Language;
}

/** Syntax and binding errors of `query` against the declared schema (an unknown table, column or function is an error). */
export function analyzeKql(query: string): KqlDiagnostic[] {
  // The first analysis binds the whole function library; loadKustoLanguage's warm-up takes that cost.
  const { Symbols, GlobalState, KustoCode } = language();
  const columns = Object.entries(RESOURCES_COLUMNS).map(([name, type]) => new Symbols.ColumnSymbol(name, type === 'string' ? Symbols.ScalarTypes.String : Symbols.ScalarTypes.Dynamic));
  const database = new Symbols.DatabaseSymbol.ctor('resourcegraph', [new Symbols.TableSymbol.$ctor4('resources', columns)]);
  const diagnostics = KustoCode.ParseAndAnalyze(query, GlobalState.Default.WithDatabase(database)).GetDiagnostics();
  return Array.from({ length: diagnostics.Count }, (_, i) => diagnostics.getItem(i)).map((d) => ({ severity: String(d.Severity), message: d.Message, start: d.Start }));
}
