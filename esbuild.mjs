// Bundles the three entry points. `vscode` is provided by the extension host.
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'client/src/extension.ts', out: 'client' },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
];

const contexts = await Promise.all(
  entries.map((entry) =>
    esbuild.context({
      entryPoints: { [entry.out]: entry.in },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outdir: 'dist',
      external: ['vscode'],
      sourcemap: !production,
      minify: production,
      banner: entry.banner ? { js: entry.banner } : undefined,
      logLevel: 'warning',
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
