// Bundles the function app and the command line into dist/ with esbuild.
// One bundle per entry point cuts cold import time; @azure/functions-core is
// provided by the Functions host at run time and must never be bundled.
// Code splitting: what the app loads with `await import()` (the management SDKs, on a topology
// refresh: src/azure/clients.ts) goes to chunks of its own in dist/chunks/, so a cold start does not
// parse it; the two entry points share their common code there too. `npm run bench:import` measures
// the cold import, `node scripts/build.mjs --analyze` lists what the bundle holds, largest first.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const analyze = process.argv.includes('--analyze');
// Chunk names carry a hash: clear the last build's, or they would ship beside the new ones.
rmSync('dist/chunks', { recursive: true, force: true });

/**
 * zod's `z` namespace re-exports every one of its ~45 locales (0.37 MB, a fifth of what a cold start
 * loads), and esbuild keeps a namespace whole. The app's messages are English (zod's default, which
 * zod imports on its own): `z.locales` keeps `en` only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: "export { default as en } from './en.js';", resolveDir: dirname(args.path), loader: 'js' }));
  },
};

const result = await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  metafile: analyze,
  plugins: [zodEnglishOnly],
  external: ['@azure/functions-core', 'azurite', 'selfsigned', 'playwright-core'],
  // Some bundled CommonJS dependencies call require(): give every ESM output file one.
  banner: { js: "import { createRequire as __snatCreateRequire } from 'node:module'; const require = __snatCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

if (analyze) {
  // Bytes per package (or src/ folder) in what importing dist/index.js loads at once, then in the lazy chunks.
  const { outputs } = result.metafile;
  const eager = new Set();
  const follow = (file) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const imported of outputs[file].imports) if (imported.kind === 'import-statement' && outputs[imported.path]) follow(imported.path);
  };
  follow('dist/index.js');
  for (const [label, files] of [['loaded by importing dist/index.js', [...eager]], ['loaded on first use (lazy chunks)', Object.keys(outputs).filter((file) => file.endsWith('.js') && !eager.has(file) && file.startsWith('dist/chunks/'))]]) {
    const bytes = new Map();
    for (const file of files) {
      for (const [input, { bytesInOutput }] of Object.entries(outputs[file].inputs)) {
        const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
        bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
      }
    }
    const total = [...bytes.values()].reduce((sum, value) => sum + value, 0);
    console.log(`\n${label}: ${(total / 1e6).toFixed(2)} MB`);
    for (const [name, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${(size / 1e3).toFixed(0).padStart(8)} kB  ${name}`);
  }
}
