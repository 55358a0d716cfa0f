// The exact Azure CLI commands for each recommendation, naming the real cluster or resource.
// AKS load balancers are changed through `az aks update` only: AKS reconciles direct edits away
// (https://learn.microsoft.com/azure/aks/load-balancer-standard). Names were validated against
// Azure's naming rules; `$NAME` is a shell variable for a value the caller did not give.
import type { NatGatewaySku } from './limits.js';
import type { PlanTarget } from './plan-schema.js';

/** Quotes a name or ID list for a POSIX shell when it holds anything beyond letters, digits, _ - . , / (e.g. parentheses). */
export function arg(value: string): string {
  return /^(\$[A-Z_]+|[\w.,/-]+)$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A name for a new resource derived from an existing one, kept within Azure's 80 characters. */
export function derivedName(base: string, suffix: string): string {
  return `${base.slice(0, 80 - suffix.length)}${suffix}`;
}

export function aksUpdate(target: Extract<PlanTarget, { kind: 'aks' }>, flags: string): string {
  return `az aks update --resource-group ${arg(target.resourceGroup)} --name ${arg(target.clusterName)} ${flags}`;
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);
}

export function setOutboundPortsCommands(target: PlanTarget, ports: number): string[] {
  if (target.kind === 'aks') return [aksUpdate(target, `--load-balancer-outbound-ports ${ports}`)];
  if (target.kind !== 'loadBalancer') return [];
  const { resourceGroup, loadBalancerName, outboundRuleName } = target;
  return [
    `az network lb outbound-rule update --resource-group ${arg(resourceGroup)} --lb-name ${arg(loadBalancerName)} --name ${arg(outboundRuleName)} --outbound-ports ${ports}`,
  ];
}

/** More load balancer frontend IPs (from `fromIps` to `toIps`), with explicit ports per node. */
export function addFrontendIpsCommands(target: PlanTarget, fromIps: number, toIps: number, ports: number): string[] {
  if (target.kind === 'aks') {
    return [aksUpdate(target, `--load-balancer-managed-outbound-ip-count ${toIps} --load-balancer-outbound-ports ${ports}`)];
  }
  if (target.kind !== 'loadBalancer') return [];
  const rg = arg(target.resourceGroup);
  const lb = arg(target.loadBalancerName);
  const rule = arg(target.outboundRuleName);
  const added = range(fromIps + 1, toIps).map((index) => ({
    ip: arg(derivedName(target.loadBalancerName, `-outbound-ip-${index}`)),
    frontend: arg(derivedName(target.loadBalancerName, `-outbound-${index}`)),
  }));
  const current = `$(az network lb outbound-rule show --resource-group ${rg} --lb-name ${lb} --name ${rule} --query "frontendIPConfigurations[].id" --output tsv)`;
  return [
    ...added.flatMap(({ ip, frontend }) => [
      `az network public-ip create --resource-group ${rg} --name ${ip} --sku Standard --allocation-method Static`,
      `az network lb frontend-ip create --resource-group ${rg} --lb-name ${lb} --name ${frontend} --public-ip-address ${ip}`,
    ]),
    `az network lb outbound-rule update --resource-group ${rg} --lb-name ${lb} --name ${rule} --frontend-ip-configs ${current} ${added.map(({ frontend }) => frontend).join(' ')} --outbound-ports ${ports}`,
  ];
}

/**
 * The SKU flag of an AKS-managed NAT gateway: `--outbound-type-sku StandardV2` (Azure CLI 2.91.0+,
 * API 2026-06-01; AKS blog "Announcing StandardV2 NAT Gateway for AKS-managed egress", a secondary
 * source: see DOMAIN-NOTES.md). Standard needs no flag on older CLIs.
 */
function aksNatSkuFlag(sku: NatGatewaySku): string {
  return sku === 'StandardV2' ? ' --outbound-type-sku StandardV2' : '';
}

/** Move egress from the load balancer to a NAT gateway with `publicIps` IPs. */
export function useNatGatewayCommands(target: PlanTarget, publicIps: number, idleTimeoutMinutes: number, sku: NatGatewaySku = 'Standard'): string[] {
  if (target.kind === 'aks') {
    return [
      aksUpdate(target, `--outbound-type managedNATGateway${aksNatSkuFlag(sku)} --nat-gateway-managed-outbound-ip-count ${publicIps} --nat-gateway-idle-timeout ${idleTimeoutMinutes}`),
    ];
  }
  if (target.kind !== 'loadBalancer') return [];
  const rg = arg(target.resourceGroup);
  const nat = derivedName(target.loadBalancerName, '-natgw');
  const ips = range(1, publicIps).map((index) => arg(derivedName(nat, `-ip-${index}`)));
  return [
    ...ips.map((ip) => `az network public-ip create --resource-group ${rg} --name ${ip} --sku Standard --allocation-method Static`),
    `az network nat gateway create --resource-group ${rg} --name ${arg(nat)} --public-ip-addresses ${ips.join(' ')} --idle-timeout ${idleTimeoutMinutes}`,
    `az network vnet subnet update --resource-group ${rg} --vnet-name $VNET_NAME --name $SUBNET_NAME --nat-gateway ${arg(nat)}`,
  ];
}

/** More NAT gateway public IPs (from `fromIps` to `toIps`). */
export function addNatIpsCommands(target: PlanTarget, fromIps: number, toIps: number, sku: NatGatewaySku = 'Standard'): string[] {
  if (target.kind === 'aks') return [aksUpdate(target, `--nat-gateway-managed-outbound-ip-count ${toIps}`)];
  if (target.kind !== 'natGateway') return [];
  const rg = arg(target.resourceGroup);
  const nat = arg(target.natGatewayName);
  const added = range(fromIps + 1, toIps).map((index) => arg(derivedName(target.natGatewayName, `-ip-${index}`)));
  const current = `$(az network nat gateway show --resource-group ${rg} --name ${nat} --query "publicIpAddresses[].id" --output tsv)`;
  return [
    // A StandardV2 gateway takes StandardV2 public IPs only (nat-sku), zone-redundant like the gateway.
    ...added.map((ip) => `az network public-ip create --resource-group ${rg} --name ${ip} --sku ${sku} --allocation-method Static${sku === 'StandardV2' ? ' --zone 1 2 3' : ''}`),
    `az network nat gateway update --resource-group ${rg} --name ${nat} --public-ip-addresses ${current} ${added.join(' ')}`,
  ];
}
