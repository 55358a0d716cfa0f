// infra/ is Bicep, and Bicep cannot be compiled on these machines, so these tests read the files: they
// hold main.bicep's app settings to the config schema, keep secrets and broad roles out, and check what
// azd reads. Where Bicep exists, `az bicep build --file infra/main.bicep` is the check to add.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configSchema } from '../../src/config.js';
import { bodyOf, codeMatches, declarations, nestedEntries, objectEntries, readBicep, secureParamsWithDefaults, type BicepFile, type Declaration } from './bicep-text.js';
import { boundSettings, requiredSettings } from './required-settings.js';
import { FORBIDDEN_ROLES, ROLES, roleAssignments, roleName } from './role-assignments.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => pattern.test(name))
    .map((name) => join(dir, name));
}

const bicepFiles = filesUnder('infra', /\.bicep$/).map((path) => readBicep(path, read(path)));
const textFiles = [...filesUnder('infra', /\.(bicep|json)$/), 'azure.yaml'].map((path) => ({ path, text: read(path) }));
function bicepFile(path: string): BicepFile {
  const file = bicepFiles.find((candidate) => candidate.path === path);
  if (!file) throw new Error(`${path} is missing`);
  return file;
}
const main = bicepFile(join('infra', 'main.bicep'));
const functionAppFile = bicepFile(join('infra', 'app', 'function-app.bicep'));

const moduleNamed = (file: BicepFile, target: RegExp) => declarations(file).find((d) => d.keyword === 'module' && target.test(d.target));
function requireModule(file: BicepFile, target: RegExp): Declaration {
  const found = moduleNamed(file, target);
  if (!found) throw new Error(`${file.path} calls no module matching ${target}`);
  return found;
}
const identity = () => requireModule(main, /managed-identity\/user-assigned-identity:/);

function appSettings(): Map<string, string> {
  const declaration = codeMatches(main, /^var\s+appSettings\s*=\s*\{/gm)[0];
  if (!declaration) throw new Error('infra/main.bicep declares no `var appSettings = {…}`');
  const entries = objectEntries(main, declaration.index + declaration[0].length - 1);
  return new Map([...entries].map(([key, entry]) => [key, entry.value]));
}

const moduleParams = (file: BicepFile, target: RegExp) => nestedEntries(file, requireModule(file, target), 'params');

/** A parameter handed to the registry module matching `target`, wherever in infra/ it is called. */
function registryParam(target: RegExp, name: string): string | undefined {
  const file = bicepFiles.find((candidate) => moduleNamed(candidate, target));
  return file ? moduleParams(file, target).get(name)?.value : undefined;
}

describe('infra/main.bicep app settings', () => {
  it('should set every setting the config schema requires', () => {
    const { required } = requiredSettings(configSchema);
    expect(required.filter((key) => !appSettings().has(key))).toEqual([]);
  });

  it('should set one setting of each either-or pair the config schema demands', () => {
    for (const rule of requiredSettings(configSchema).eitherOr) {
      expect(rule.anyOf, `${rule.raisedAt}: "${rule.message}" is cleared by no single setting`).not.toEqual([]);
      expect(rule.anyOf.filter((key) => appSettings().has(key)), `${rule.raisedAt}: set one of ${rule.anyOf.join(', ')}`).not.toEqual([]);
    }
  });

  it('should set every %SETTING% a trigger binds to', () => {
    const sources = filesUnder('src', /\.ts$/).map((path) => ({ path, text: read(path) }));
    expect([...boundSettings(sources)].filter(([key]) => !appSettings().has(key))).toEqual([]);
  });

  it('should leave out the settings Flex Consumption rejects', () => {
    // https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations
    const rejected = ['FUNCTIONS_EXTENSION_VERSION', 'FUNCTIONS_WORKER_RUNTIME', 'WEBSITE_RUN_FROM_PACKAGE', 'WEBSITE_CONTENTSHARE', 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING', 'WEBSITE_NODE_DEFAULT_VERSION', 'SCM_DO_BUILD_DURING_DEPLOYMENT'];
    expect(rejected.filter((key) => appSettings().has(key))).toEqual([]);
  });

  it('should reach host storage and our tables through the identity, with shared keys off', () => {
    const settings = appSettings();
    expect(settings.has('AzureWebJobsStorage'), 'a connection string would bypass the identity').toBe(false);
    expect(settings.get('AzureWebJobsStorage__credential')).toBe("'managedidentity'");
    expect(settings.get('AzureWebJobsStorage__clientId')).toBe(`${identity().symbol}.outputs.clientId`);
    expect(settings.get('AZURE_CLIENT_ID')).toBe(`${identity().symbol}.outputs.clientId`);
    expect(['AzureWebJobsStorage__blobServiceUri', 'AzureWebJobsStorage__tableServiceUri'].filter((key) => !settings.has(key))).toEqual([]);
    expect(registryParam(/storage\/storage-account:/, 'allowSharedKeyAccess')).toBe('false');
    expect(registryParam(/insights\/component:/, 'disableLocalAuth')).toBe('true');
  });

  it('should take the Slack webhook from an RBAC Key Vault as the user-assigned identity', () => {
    expect(appSettings().get('SLACK_WEBHOOK_URL')).toMatch(/^'@Microsoft\.KeyVault\(SecretUri=\$\{[^}]+\}\)'$/);
    expect(registryParam(/key-vault\/vault:/, 'enableRbacAuthorization')).toBe('true');
    expect(registryParam(/key-vault\/vault:/, 'secrets')).toMatch(/value:\s*slackWebhookUrl\b/);
    expect(codeMatches(main, /^@secure\(\)\s*\n(?:@[^\n]*\n)*param\s+slackWebhookUrl\s+string\s*$/gm)).toHaveLength(1);
    expect(moduleParams(main, /function-app\.bicep$/).get('identityId')?.value).toBe(`${identity().symbol}.outputs.resourceId`);
    const site = declarations(functionAppFile).find((d) => d.target.startsWith('Microsoft.Web/sites@'))!;
    expect(nestedEntries(functionAppFile, site, 'properties').get('keyVaultReferenceIdentity')?.value).toBe('identityId');
  });

  it('should hand the settings object to the function app whole', () => {
    expect(moduleParams(main, /function-app\.bicep$/).get('appSettings')?.value).toBe('appSettings');
    const settings = declarations(functionAppFile).find((d) => d.target.startsWith('Microsoft.Web/sites/config@'))!;
    expect(settings).toBeDefined();
    expect(codeMatches(functionAppFile, /name:\s*'appsettings'\s*\n\s*properties:\s*union\(appSettings,/g)).toHaveLength(1);
  });

  it('should set SNAT_PUBLIC_URL from the function app’s own default host name, not from its name', () => {
    expect(appSettings().has('SNAT_PUBLIC_URL')).toBe(false);
    expect(codeMatches(functionAppFile, /SNAT_PUBLIC_URL:\s*'https:\/\/\$\{functionApp\.properties\.defaultHostName\}'/g)).toHaveLength(1);
    expect(functionAppFile.text).not.toMatch(/azurewebsites\.net'/);
  });
});

describe('infra files', () => {
  it.each([
    { name: 'storage account key', pattern: /AccountKey=/i },
    { name: 'storage connection string', pattern: /DefaultEndpointsProtocol=|UseDevelopmentStorage=/i },
    { name: 'shared access signature', pattern: /SharedAccessSignature=|[?&]sig=/i },
    { name: 'Slack webhook URL', pattern: /hooks\.slack\.com/i },
    { name: 'Slack token', pattern: /xox[abposr]-/ },
    { name: 'instrumentation key', pattern: /InstrumentationKey=/i },
  ])('should contain no $name', ({ pattern }) => {
    expect(textFiles.filter((file) => pattern.test(file.text)).map((file) => file.path)).toEqual([]);
  });

  it('should read no key or secret at deployment (listKeys(), listSecrets(), list())', () => {
    expect(bicepFiles.flatMap((file) => codeMatches(file, /\blist[A-Za-z]*\s*\(/g).map((m) => `${file.path}: ${m[0]}`))).toEqual([]);
  });

  it('should give no @secure() parameter a default value', () => {
    expect(bicepFiles.flatMap((file) => secureParamsWithDefaults(file).map((name) => `${file.path}: ${name}`))).toEqual([]);
  });

  it('should fill main.parameters.json only from azd environment variables', () => {
    const { parameters } = JSON.parse(read('infra/main.parameters.json')) as { parameters: Record<string, { value: unknown }> };
    // `${NAME}`, or `${NAME=default}` (azd's envsubst default, for a bool that must not arrive empty).
    const literal = Object.entries(parameters).filter(([, { value }]) => typeof value !== 'string' || !/^\$\{[A-Z0-9_]+(?:=[a-z0-9]+)?\}$/.test(value));
    expect(literal.map(([name]) => name)).toEqual([]);
    expect(Object.keys(parameters)).toContain('slackWebhookUrl');
  });

  it('should reference only module files that exist', () => {
    const local = bicepFiles.flatMap((file) =>
      declarations(file)
        .filter((d) => d.keyword === 'module' && !d.target.startsWith('br/') && !d.target.startsWith('br:'))
        .map((d) => join(dirname(file.path), d.target)),
    );
    expect(local.length).toBeGreaterThan(0);
    expect(local.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('should pin every registry module to an exact version', () => {
    const registry = bicepFiles.flatMap((file) => declarations(file).filter((d) => d.keyword === 'module' && d.target.startsWith('br')));
    expect(registry.map((d) => d.target).filter((target) => !/^br\/public:avm\/res\/[a-z0-9/-]+:\d+\.\d+\.\d+$/.test(target))).toEqual([]);
  });
});

describe('infra role assignments', () => {
  const assignments = () => bicepFiles.flatMap(roleAssignments);
  const namesOn = (scope: (s: string) => boolean) => [...new Set(assignments().filter((a) => scope(a.scope)).map((a) => roleName(a.roleId)))].sort();
  const watched = (scope: string) => scope === 'subscription' || scope === 'resourceGroup';

  it('should grant exactly the custom SNAT Watch Reader role on the watched scope (watch-role.test.ts holds its actions)', () => {
    const files = [...new Set(assignments().filter((a) => watched(a.scope)).map((a) => a.file))];
    expect(files.length).toBe(2);
    for (const file of files) {
      const names = [...new Set(assignments().filter((a) => a.file === file && watched(a.scope)).map((a) => roleName(a.roleId)))].sort();
      expect(names, file).toEqual([ROLES.watchReader.name]);
    }
  });

  it('should deploy the watched-scope grants at the watched subscription or resource group', () => {
    const watchFiles = new Set(assignments().filter((a) => watched(a.scope)).map((a) => a.file));
    const modules = declarations(main).filter((d) => d.keyword === 'module' && watchFiles.has(join('infra', d.target)));
    expect(modules.length).toBe(watchFiles.size);
    for (const module of modules) {
      expect(bodyOf(main, module).get('scope')?.value, module.target).toMatch(/^(subscription|resourceGroup)\(watched\w*\b/);
    }
  });

  it.each([
    { name: 'storage account', type: 'Microsoft.Storage/storageAccounts', needed: [ROLES.storageBlobDataOwner, ROLES.storageTableDataContributor], allowed: [] },
    { name: 'fan-out queues (never the whole account)', type: 'Microsoft.Storage/storageAccounts/queueServices/queues', needed: [ROLES.storageQueueDataContributor], allowed: [] },
    { name: 'Key Vault', type: 'Microsoft.KeyVault/vaults', needed: [ROLES.keyVaultSecretsUser], allowed: [] },
    { name: 'Application Insights component', type: 'Microsoft.Insights/components', needed: [ROLES.monitoringMetricsPublisher], allowed: [] },
    { name: 'Azure Monitor workspace (workload attribution)', type: 'Microsoft.Monitor/accounts', needed: [ROLES.monitoringDataReader], allowed: [] },
  ])('should grant only the data roles the app needs on the $name', ({ type, needed, allowed }) => {
    const granted = namesOn((scope) => scope === type);
    expect(granted).toEqual(expect.arrayContaining(needed.map((role) => role.name)));
    expect(granted.filter((name) => ![...needed, ...allowed].some((role) => role.name === name))).toEqual([]);
  });

  it('should assign roles nowhere but the watched scope and the app resources', () => {
    const known = ['subscription', 'resourceGroup', 'Microsoft.Storage/storageAccounts', 'Microsoft.Storage/storageAccounts/queueServices/queues', 'Microsoft.KeyVault/vaults', 'Microsoft.Insights/components', 'Microsoft.Monitor/accounts'];
    expect(assignments().filter((a) => !known.includes(a.scope)).map((a) => `${a.file}: ${a.symbol} on ${a.scope}`)).toEqual([]);
  });

  it('should grant no Owner, Contributor or Network Contributor anywhere', () => {
    const mentions = FORBIDDEN_ROLES.flatMap((role) => textFiles.filter((file) => file.text.toLowerCase().includes(role.id)).map((file) => `${file.path}: ${role.name}`));
    expect(mentions).toEqual([]);
    expect(assignments().filter((a) => roleName(a.roleId).startsWith('unknown')).map((a) => `${a.file}: ${a.symbol}`)).toEqual([]);
  });

  it('should name every role beside its ID', () => {
    const unnamed = assignments().filter((a) => a.variable?.comment !== roleName(a.roleId));
    expect(unnamed.map((a) => `${a.file}: ${a.variable?.name ?? a.symbol} // ${roleName(a.roleId)}`)).toEqual([]);
  });

  it('should grant Monitoring Data Reader on the workspace only when a workspace is given, and hand its query endpoint to the app', () => {
    requireModule(main, /^app\/attribution-access\.bicep$/);
    expect(codeMatches(main, /module attributionAccess '[^']+' = if \((\w+)\)/g)[0]?.[1]).toBe('attributionEnabled');
    expect(codeMatches(main, /^var attributionEnabled = !empty\(prometheusWorkspaceId\)$/gm)).toHaveLength(1);
    expect(codeMatches(main, /^param prometheusWorkspaceId string = ''$/gm)).toHaveLength(1);
    expect(appSettings().get('SNAT_PROMETHEUS_QUERY_ENDPOINT')).toBe("attributionEnabled ? attributionAccess!.outputs.queryEndpoint : ''");
    expect(configSchema.shape.SNAT_PROMETHEUS_QUERY_ENDPOINT).toBeDefined();
  });

  it('should keep every assignment in sight: no roleAssignments parameter handed to a module', () => {
    expect(bicepFiles.flatMap((file) => codeMatches(file, /^\s*roleAssignments\s*:/gm).map(() => file.path))).toEqual([]);
  });
});

describe('infra fan-out queues', () => {
  const queuesFile = bicepFile(join('infra', 'app', 'fanout-queues.bicep'));
  const queueResources = () => declarations(queuesFile).filter((d) => d.keyword === 'resource' && d.target.startsWith('Microsoft.Storage/storageAccounts/queueServices/queues@'));

  it('should create the batch queue and its <queue>-poison queue, and grant the queue role on each', () => {
    requireModule(main, /^app\/fanout-queues\.bicep$/);
    const names = queueResources().map((d) => bodyOf(queuesFile, d).get('name')?.value);
    expect(names).toEqual(['queueName', "'${queueName}-poison'"]);
    const scopes = roleAssignments(queuesFile).map((a) => `${a.scope}:${roleName(a.roleId)}`);
    expect(scopes).toEqual(Array(2).fill(`Microsoft.Storage/storageAccounts/queueServices/queues:${ROLES.storageQueueDataContributor.name}`));
    expect(queueResources().map((d) => d.symbol).sort()).toEqual(roleAssignments(queuesFile).map((a) => bodyOf(queuesFile, declarations(queuesFile).find((d) => d.symbol === a.symbol)!).get('scope')?.value).sort());
  });

  it('should hand the app the queue service URI for the identity-based connection and the queue the trigger binds', () => {
    expect(appSettings().get('AzureWebJobsStorage__queueServiceUri')).toBe('queueServiceUri');
    expect(codeMatches(main, /^var queueServiceUri = 'https:\/\/\$\{storageAccountName\}\.queue\.\$\{environment\(\)\.suffixes\.storage\}'$/gm)).toHaveLength(1);
    expect(appSettings().get('SNAT_FANOUT_QUEUE')).toBe('fanoutQueues.outputs.queueName');
    expect(() => configSchema.shape.SNAT_FANOUT_QUEUE.parse(/var fanoutQueueName = '([^']+)'/.exec(read('infra/main.bicep'))?.[1])).not.toThrow();
  });

  it('should bound maximumInstanceCount to what Flex Consumption allows (40–1,000) with a sane default', () => {
    expect(codeMatches(main, /@minValue\(40\)\s*@maxValue\(1000\)\s*@description\([^\n]*\)\s*param maximumInstanceCount int = (\d+)/g)[0]?.[1]).toBe('40');
  });

  it('should decode the queue trigger\'s messages as base64 and poison after 5 attempts (host.json)', () => {
    const host = JSON.parse(read('host.json')) as { extensions?: { queues?: Record<string, unknown> } };
    expect(host.extensions?.queues).toMatchObject({ messageEncoding: 'base64', maxDequeueCount: 5 });
  });
});

describe('azure.yaml', () => {
  // The whole file, read by a real YAML parser (azd's own reading), not a subset guessed here.
  type AzureYaml = { name?: unknown; services?: Record<string, Record<string, unknown>> };
  const service = (): [string, Record<string, unknown>] => {
    const services = (parseYaml(read('azure.yaml')) as AzureYaml).services ?? {};
    const tag = /'azd-service-name':\s*'([^']+)'/.exec(functionAppFile.text)?.[1];
    expect(Object.keys(services)).toEqual([tag]);
    return [tag!, services[tag!]!];
  };

  it('should deploy the function app service as TypeScript built by npm run build', () => {
    const [, config] = service();
    expect(config).toMatchObject({ project: '.', language: 'ts', host: 'function' });
    const pkg = JSON.parse(read('package.json')) as { main?: string; scripts?: Record<string, string> };
    expect(pkg.scripts?.build).toBeDefined();
    expect(pkg.main).toMatch(/^dist\//);
    expect(existsSync(join(root, String(config.project), 'host.json'))).toBe(true);
  });

  it('should leave node_modules out of the upload the remote build rebuilds, and keep the build inputs in', () => {
    const [, config] = service();
    expect(config.remoteBuild).toBe(true);
    const ignored = read('.funcignore').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    expect(ignored).toContain('node_modules');
    const buildInputs = ['src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'host.json'];
    expect(buildInputs.filter((input) => ignored.some((pattern) => pattern === input || pattern === `${input}/`))).toEqual([]);
  });
});
