// Bundles the three entry points (`vscode` is provided by the extension host), writes the helper's
// JavaScript forms for JS projects, and bundles eslint-plugin-http-resilience into packages/eslint-plugin/.
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';
import ts from 'typescript';
import { withJsDocTypes } from './scripts/helper-jsdoc.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'client/src/extension.ts', out: 'client' },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'server/src/cli.ts', out: 'cli', banner: '#!/usr/bin/env node' },
];

/**
 * dist/resources/resilient-http.{mjs,cjs} from server/resources/resilient-http.ts: what quick fixes insert
 * into JavaScript projects. TypeScript's transpiler rather than esbuild's transform, because esbuild drops
 * the comments (the JSDoc users read, the version marker on the first line) and gathers the exports into
 * one `export { … }` list, where the fixes' check for an installed helper looks for `export function
 * mapLimit` / `exports.mapLimit`. Blank lines and two-space indentation are kept so the file reads like
 * its source. No bundling: `undici` stays an import.
 */
function writeHelperForms() {
  const [header, ...body] = fs.readFileSync('server/resources/resilient-http.ts', 'utf8').split('\n');
  fs.mkdirSync('dist/resources', { recursive: true });
  for (const [extension, module] of [['mjs', ts.ModuleKind.ESNext], ['cjs', ts.ModuleKind.CommonJS]]) {
    // The types as JSDoc first (scripts/helper-jsdoc.mjs), so that a `checkJs` + `strict` project type-checks the JS forms.
    const typed = withJsDocTypes(body.join('\n'), { commonjs: extension === 'cjs' });
    const marked = typed.replace(/^[ \t]*$/gm, '//@@blank');
    const { outputText } = ts.transpileModule(marked, { compilerOptions: { module, target: ts.ScriptTarget.ES2022 } });
    const text = outputText.replace(/^[ \t]*\/\/@@blank$/gm, '').replace(/^(?: {4})+/gm, (indent) => ' '.repeat(indent.length / 2));
    fs.writeFileSync(`dist/resources/resilient-http.${extension}`, `${header}\n${text}`);
  }
}

writeHelperForms();

const pluginDir = 'packages/eslint-plugin';

/**
 * The ESLint plugin is a second package, published from packages/eslint-plugin/ (docs/eslint-plugin.md).
 * Its version is the root package.json's: written into its package.json when they differ, so that
 * `npm pack` there always packs what this build made.
 */
function syncPluginVersion() {
  const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const manifestPath = `${pluginDir}/package.json`;
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  if (manifest.version === version) return;
  manifest.version = version;
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

syncPluginVersion();

const shared = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const contexts = await Promise.all([
  ...entries.map((entry) =>
    esbuild.context({
      ...shared,
      entryPoints: { [entry.out]: entry.in },
      outdir: 'dist',
      external: ['vscode'],
      sourcemap: !production,
      minify: production,
      banner: entry.banner ? { js: entry.banner } : undefined,
    }),
  ),
  // The plugin: one CommonJS file with everything inlined (ts-morph and the TypeScript it bundles, which
  // is what the analyzer parses with); `eslint` and `typescript` stay outside (the plugin uses only
  // eslint's types). No source map and no minification in any build: a map would triple the package,
  // and a rule crash's stack trace still reads.
  esbuild.context({
    ...shared,
    entryPoints: { index: 'server/src/eslint/index.ts' },
    outdir: `${pluginDir}/dist`,
    external: ['eslint', 'typescript'],
    sourcemap: false,
    minify: false,
  }),
]);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
