// Bundles the e2e suite into out/e2e/ for the extension host: `vscode` comes from the host, mocha from node_modules.
import * as esbuild from 'esbuild';

await esbuild.build({
  entryPoints: { index: 'client/test/e2e/index.ts', 'extension.test': 'client/test/e2e/extension.test.ts', 'editor-experience.test': 'client/test/e2e/editor-experience.test.ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outdir: 'out/e2e',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
