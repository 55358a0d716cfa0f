import { describe, expect, it } from 'vitest';
import { parseStartOptions, StartOptionsError } from '../../src/local/start-options.js';

const LB = '/subscriptions/5a7e0000-0000-4000-8000-00000000de50/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb';

describe('parseStartOptions', () => {
  it.each([
    { name: 'nothing set: the simulation on 7071', args: [], env: {}, expected: { mode: 'simulation', port: 7071, speed: 12 } },
    { name: 'SNAT_TARGETS set: real Azure', args: [], env: { SNAT_TARGETS: LB }, expected: { mode: 'azure' } },
    { name: 'discovery set: real Azure', args: [], env: { SNAT_DISCOVERY_SUBSCRIPTIONS: '5a7e0000-0000-4000-8000-00000000de50' }, expected: { mode: 'azure' } },
    { name: 'blank settings: still the simulation', args: [], env: { SNAT_TARGETS: '  ', SNAT_DISCOVERY_SUBSCRIPTIONS: '' }, expected: { mode: 'simulation' } },
    { name: '--simulate beats real settings', args: ['--simulate'], env: { SNAT_TARGETS: LB }, expected: { mode: 'simulation' } },
    { name: 'PORT', args: [], env: { PORT: '8080' }, expected: { port: 8080 } },
    { name: '--port beats PORT', args: ['--port', '0'], env: { PORT: '8080' }, expected: { port: 0 } },
    { name: '--port=N', args: ['--port=9000'], env: {}, expected: { port: 9000 } },
    { name: 'SNAT_SCENARIO_SPEED', args: [], env: { SNAT_SCENARIO_SPEED: '60' }, expected: { speed: 60 } },
    { name: '--speed beats SNAT_SCENARIO_SPEED', args: ['--speed', '2.5'], env: { SNAT_SCENARIO_SPEED: '60' }, expected: { speed: 2.5 } },
    { name: '--verbose', args: ['--verbose'], env: {}, expected: { verbose: true } },
    { name: 'no key check by default (as func start)', args: [], env: {}, expected: { keys: undefined } },
    { name: '--keys: every key generated', args: ['--keys'], env: {}, expected: { keys: {} } },
    { name: '--key NAME=VALUE, repeatable, implies --keys', args: ['--key', 'recommendations=abcdefghijklmnop', '--key=openapi=0123456789abcdef'], env: {}, expected: { keys: { recommendations: 'abcdefghijklmnop', openapi: '0123456789abcdef' } } },
    { name: 'no scenario: the exhaustion story', args: [], env: {}, expected: { scenario: 'exhaustion', listScenarios: false } },
    { name: '--scenario NAME', args: ['--scenario', 'nat-standard-v2'], env: {}, expected: { scenario: 'nat-standard-v2' } },
    { name: '`npm start --scenario NAME` (npm passes it as npm_config_scenario)', args: [], env: { npm_config_scenario: 'nat-failing' }, expected: { scenario: 'nat-failing' } },
    { name: '--scenario list', args: ['--scenario', 'list'], env: {}, expected: { listScenarios: true } },
  ])('should read $name', ({ args, env, expected }) => {
    expect(parseStartOptions(args, env)).toMatchObject(expected);
  });

  it.each([
    { name: 'an unknown flag', args: ['--prot', '1'], env: {}, source: 'flag', message: "Unknown option '--prot'" },
    { name: 'a stray argument', args: ['now'], env: {}, source: 'flag', message: 'now' },
    { name: 'a port out of range', args: ['--port', '70000'], env: {}, source: 'flag', message: '--port must be a whole number from 0 to 65535, got "70000"' },
    { name: 'a fractional port', args: [], env: { PORT: '80.5' }, source: 'setting', message: 'PORT must be a whole number' },
    { name: 'a speed of 0', args: [], env: { SNAT_SCENARIO_SPEED: '0' }, source: 'setting', message: 'SNAT_SCENARIO_SPEED must be a number from 1 to 120, got "0"' },
    { name: 'a key too short to be one, without echoing it', args: ['--key', 'recommendations=short'], env: {}, source: 'flag', message: '--key expects FUNCTION=KEY, the key 16-128 letters, digits, _ or -; got "recommendations=…"' },
    { name: 'an unknown scenario, listing the names', args: ['--scenario', 'nat'], env: {}, source: 'flag', message: '--scenario must be one of these, got "nat":\n  exhaustion' },
    { name: '--scenario against real Azure', args: ['--scenario', 'nat-failing'], env: { SNAT_TARGETS: LB }, source: 'flag', message: '--scenario applies to the simulation only' },
    { name: '--speed against real Azure', args: ['--speed', '30'], env: { SNAT_TARGETS: LB }, source: 'flag', message: '--speed applies to the simulation only' },
  ])('should refuse $name, naming it', ({ args, env, source, message }) => {
    let error: unknown;
    try {
      parseStartOptions(args, env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StartOptionsError);
    expect(error).toMatchObject({ source });
    expect((error as Error).message).toContain(message);
  });
});
