// What a Functions worker loads when it imports the app (dist/index.js, built once per test run by
// test/support/build-setup.ts with scripts/build.mjs): only the code a cold start needs. The
// management SDKs, @azure/identity and zod's other locales sit in chunks loaded on first use.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));

/** Every output file importing `entry` loads at once: static `import … from './…'` only, followed transitively. */
function loadedAtImport(entry: string): Map<string, string> {
  const loaded = new Map<string, string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    const text = readFileSync(file, 'utf8');
    loaded.set(file, text);
    for (const [, path] of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"/gm)) visit(resolve(dirname(file), path!));
    for (const [, path] of text.matchAll(/^import\s*"(\.{1,2}\/[^"]+)"/gm)) visit(resolve(dirname(file), path!));
  };
  visit(join(dist, 'index.js'));
  return loaded;
}

describe('scripts/build.mjs', () => {
  it('should leave the management SDKs, @azure/identity and the locales zod does not use out of what importing the app loads', () => {
    const loaded = [...loadedAtImport(join(dist, 'index.js')).values()].join('\n');
    expect(loaded).not.toContain('NetworkManagementClient = class');
    expect(loaded).not.toContain('ContainerServiceClient = class');
    expect(loaded).not.toContain('DefaultAzureCredential = class');
    expect(loaded).not.toMatch(/node_modules\/zod\/v4\/locales\/(?!en\.js|index\.js)/);
    expect(Buffer.byteLength(loaded)).toBeLessThan(2_000_000);
  });

  it('should still ship the management SDKs, in chunks loaded on first use', () => {
    const atImport = new Set(loadedAtImport(join(dist, 'index.js')).keys());
    const lazy = readdirSync(join(dist, 'chunks'))
      .filter((name) => name.endsWith('.js'))
      .map((name) => join(dist, 'chunks', name))
      .filter((file) => !atImport.has(file) && readFileSync(file, 'utf8').includes('NetworkManagementClient = class'));
    expect(lazy).toHaveLength(1);
  });
});
