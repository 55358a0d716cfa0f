// Least privilege on the watched scope: the custom role (infra/watch-reader-role.json, which both
// watch modules load) lists exactly the actions of the Azure calls the app makes — no more, no less.
// Checked three ways: the SDK calls in src/azure against the table in sdk-actions.ts; the table's
// actions against the role, both ways; and a real watch run against the simulated Azure, whose every
// request maps to an action the role holds.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armAction } from '../../src/local/simulated-azure/arm-routes.js';
import { startWatchedEstate, type WatchedEstate } from '../support/watched-estate.js';
import { SDK_CALL_ACTIONS, sdkCallsIn } from './sdk-actions.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const role = JSON.parse(read('infra/watch-reader-role.json')) as { Name: string; Actions: string[]; NotActions: string[]; DataActions: string[] };
const normalize = (action: string) => action.toLowerCase();

describe('infra/watch-reader-role.json', () => {
  const calls = sdkCallsIn(root);

  it('should know the action of every SDK call src/azure makes', () => {
    expect(calls.length).toBeGreaterThan(0);
    const unmapped = calls.filter(({ call }) => SDK_CALL_ACTIONS[call] === undefined);
    expect(unmapped.map(({ call, file }) => `${file}: ${call} — add it to SDK_CALL_ACTIONS (test/infra/sdk-actions.ts) and the role`)).toEqual([]);
  });

  it('should grant every action those calls need, and nothing they do not', () => {
    const needed = [...new Set(calls.map(({ call }) => SDK_CALL_ACTIONS[call]!))].map(normalize).sort();
    expect([...role.Actions].map(normalize).sort()).toEqual(needed);
    expect([role.NotActions, role.DataActions]).toEqual([[], []]);
  });

  it('should hold only read actions, none with a wildcard', () => {
    expect(role.Actions.filter((action) => !/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+\/read$/.test(action))).toEqual([]);
  });

  it.each(['infra/app/watch-subscription.bicep', 'infra/app/watch-resource-group.bicep'])('should be the role %s defines and assigns', (path) => {
    const text = read(path);
    expect(text).toMatch(/^var role = loadJsonContent\('\.\.\/watch-reader-role\.json'\)$/m);
    expect(text).toMatch(/resource watchReader 'Microsoft\.Authorization\/roleDefinitions@[\d-]+' = \{[\s\S]*?actions: role\.Actions\b/);
    expect(text).toMatch(/roleDefinitionId: watchReader\.id\b/);
    expect(text).not.toMatch(/acdd72a7-3385-48ef-bd42-f606fba81ae7|43d0d8ad-25c7-4714-9337-8ba259a9fe05/); // Reader, Monitoring Reader
  });
});

describe('a watch run under the custom role', () => {
  let estate: WatchedEstate;
  beforeAll(async () => {
    estate = await startWatchedEstate();
    await estate.watch();
  });
  afterAll(async () => {
    await estate?.close();
  });

  it('should make no request to Azure the role does not allow', () => {
    const requests = estate.azure.requests.entries.filter((request) => request.route !== 'token');
    expect(requests.some((request) => request.route === 'arm')).toBe(true);
    expect(requests.some((request) => request.route === 'metrics')).toBe(true);
    const actions = new Set(requests.map((request) => normalize(request.route === 'metrics' ? 'Microsoft.Insights/metrics/read' : armAction(request.path))));
    const granted = new Set(role.Actions.map(normalize));
    expect([...actions].filter((action) => !granted.has(action))).toEqual([]);
  });
});
