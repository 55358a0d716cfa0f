// Bundles the function app and the command line into dist/ with esbuild.
// One bundle per entry point cuts cold import time; @azure/functions-core is
// provided by the Functions host at run time and must never be bundled.
import { build } from 'esbuild';

await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: ['@azure/functions-core', 'azurite', 'selfsigned', 'playwright-core'],
  // Some bundled CommonJS dependencies call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __snatCreateRequire } from 'node:module'; const require = __snatCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
