// The hardening the Flex Consumption quickstart (Azure-Samples/functions-quickstart-typescript-azd)
// applies, and the alert on the watcher itself, read from the Bicep text (it cannot be compiled here).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { codeMatches, declarations, nestedEntries, readBicep, type BicepFile } from './bicep-text.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bicep = (path: string): BicepFile => readBicep(path, readFileSync(join(root, path), 'utf8'));
const main = bicep('infra/main.bicep');
const functionApp = bicep('infra/app/function-app.bicep');
const alert = bicep('infra/app/watcher-alert.bicep');
const resourcesOf = (file: BicepFile, type: string) => declarations(file).filter((d) => d.keyword === 'resource' && d.target.startsWith(`${type}@`) && !d.existing);
const moduleParams = (file: BicepFile, target: RegExp) => nestedEntries(file, declarations(file).find((d) => d.keyword === 'module' && target.test(d.target))!, 'params');

describe('infra hardening', () => {
  it('should turn basic publishing credentials off for both FTP and SCM', () => {
    const policies = resourcesOf(functionApp, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
    expect(policies.map((d) => [nestedEntries(functionApp, d, 'properties').get('allow')?.value, /name:\s*'(\w+)'/.exec(functionApp.text.slice(d.open))?.[1]])).toEqual([
      ['false', 'ftp'],
      ['false', 'scm'],
    ]);
  });

  it('should disable FTPS and hold the site and its SCM endpoint to TLS 1.2', () => {
    const site = resourcesOf(functionApp, 'Microsoft.Web/sites')[0]!;
    const config = nestedEntries(functionApp, site, 'properties');
    expect(config.get('httpsOnly')?.value).toBe('true');
    const siteConfig = functionApp.text.slice(site.open);
    expect(siteConfig).toMatch(/ftpsState:\s*'Disabled'/);
    expect(siteConfig).toMatch(/minTlsVersion:\s*'1\.2'/);
    expect(siteConfig).toMatch(/scmMinTlsVersion:\s*'1\.2'/);
  });

  it('should protect the Key Vault holding the webhook from purge', () => {
    expect(moduleParams(main, /key-vault\/vault:/).get('enablePurgeProtection')?.value).toBe('true');
  });

  it('should offer a private-network mode: a delegated subnet, storage closed to the internet, private endpoints for blob, table and queue', () => {
    expect(codeMatches(main, /^param vnetEnabled bool = false$/gm)).toHaveLength(1);
    const storage = moduleParams(main, /storage\/storage-account:/);
    expect(storage.get('publicNetworkAccess')?.value).toBe("vnetEnabled ? 'Disabled' : 'Enabled'");
    expect(storage.get('networkAcls')?.value).toMatch(/^vnetEnabled\s*\?\s*\{\s*defaultAction:\s*'Deny'/);
    expect(readFileSync(join(root, 'infra/app/vnet.bicep'), 'utf8')).toMatch(/serviceName:\s*'Microsoft\.App\/environments'/);
    expect(readFileSync(join(root, 'infra/app/storage-private-endpoints.bicep'), 'utf8')).toMatch(/var services = \[\s*'blob'\s*'table'\s*'queue'\s*\]/);
    for (const module of ['app/vnet.bicep', 'app/storage-private-endpoints.bicep']) {
      expect(codeMatches(main, new RegExp(`^module \\w+ '${module.replace(/[./]/g, '\\$&')}' = if \\(vnetEnabled\\)`, 'gm')), module).toHaveLength(1);
    }
    expect(moduleParams(main, /function-app\.bicep$/).get('virtualNetworkSubnetId')?.value).toBe("vnetEnabled ? network.outputs.appSubnetId : ''");
  });
});

describe('the watch on the watcher (infra/app/watcher-alert.bicep)', () => {
  const rule = resourcesOf(alert, 'Microsoft.Insights/scheduledQueryRules')[0]!;
  const properties = nestedEntries(alert, rule, 'properties');

  it('should alert when no snatWatch run succeeded in 10 minutes, or runs keep failing', () => {
    expect([properties.get('windowSize')?.value, properties.get('evaluationFrequency')?.value, properties.get('scopes')?.value.replace(/\s+/g, ' ')]).toEqual(["'PT10M'", "'PT5M'", '[ appInsights.id ]']);
    const query = /'''([\s\S]*?)'''/.exec(alert.text)![1]!;
    expect(query).toContain("where operation_Name =~ 'snatWatch'");
    expect(query).toContain('summarize succeeded = countif(success == true), failed = countif(success == false)');
    expect(query).toContain('where succeeded == 0 or failed >= FAILED_RUNS');
    expect(alert.text).toMatch(/replace\('''[\s\S]*?''', 'FAILED_RUNS', string\(failedRunsThreshold\)\)/);
  });

  it('should notify an action group whose e-mail is a deployment parameter', () => {
    expect(codeMatches(main, /^param alertEmail string = ''$/gm)).toHaveLength(1);
    expect(moduleParams(main, /watcher-alert\.bicep$/).get('alertEmail')?.value).toBe('alertEmail');
    expect(alert.text).toMatch(/emailAddress:\s*alertEmail\b/);
    expect(properties.get('actions')?.value).toMatch(/actionGroups:\s*empty\(alertEmail\)\s*\?\s*\[\]\s*:\s*\[\s*actionGroup\.id\s*\]/);
    const parameters = JSON.parse(readFileSync(join(root, 'infra/main.parameters.json'), 'utf8')) as { parameters: Record<string, { value: string }> };
    expect(parameters.parameters.alertEmail?.value).toBe('${SNAT_ALERT_EMAIL}');
  });
});
