/**
 * The packaged extension (`npm run package` first; `VSIX=path` to check another file): the bundles, the
 * helper forms and template the quick fixes read, the docs files, every rule's page (docs/rules/<id>.md, which the
 * editor opens offline in the Markdown preview); no sources, tests, fixtures, other docs,
 * node_modules or build trees; at most 8 MB (architecture.md §7).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { listZip, type ZipEntry } from './zip-listing';

const root = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; main: string };
const vsix = process.env.VSIX ?? path.join(root, `${manifest.name}-${manifest.version}.vsix`);
const maxBytes = 8 * 1024 * 1024;
const rulePages = fs.readdirSync(path.join(root, 'docs', 'rules')).filter((name) => name.endsWith('.md')).map((name) => `docs/rules/${name}`);

describe(`packaged extension ${path.basename(vsix)}`, () => {
  let entries: ZipEntry[];
  let files: string[];
  before(() => {
    assert.ok(fs.existsSync(vsix), `${vsix} does not exist: run \`npm run package\` first`);
    entries = listZip(vsix);
    files = entries.map((entry) => entry.name).filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
  });

  it('ships the bundles, the helper forms and the template the quick fixes read', () => {
    const expected = [
      manifest.main.replace(/^\.\//, ''),
      'dist/server.js',
      'dist/cli.js',
      'dist/resources/resilient-http.mjs',
      'dist/resources/resilient-http.cjs',
      // helper-template.ts looks for it at ../server/resources/ from dist/server.js.
      'server/resources/resilient-http.ts',
      // contributes.jsonValidation points VS Code at it for .http-resilience.json.
      'schemas/http-resilience.schema.json',
      'package.json',
      'readme.md',
      'changelog.md',
      'LICENSE.txt',
    ];
    for (const file of expected) assert.ok(files.includes(file), `${file} is missing from ${files.join(', ')}`);
  });

  it('ships every rule page, byte for byte, and no other docs', () => {
    assert.ok(rulePages.length >= 14, `only ${rulePages.length} pages in docs/rules`);
    assert.deepEqual(files.filter((file) => file.startsWith('docs/')).sort(), [...rulePages].sort());
    for (const page of rulePages) {
      const entry = entries.find((candidate) => candidate.name === `extension/${page}`);
      assert.equal(entry?.size, fs.statSync(path.join(root, page)).size, `${page} differs from the repository's`);
    }
  });

  it('ships no sources but the helper template, no source maps, tests, fixtures, dependencies or build trees', () => {
    const sources = files.filter((file) => /\.(ts|tsx|mts|cts)$/.test(file) && file !== 'server/resources/resilient-http.ts');
    assert.deepEqual(sources, []);
    assert.deepEqual(files.filter((file) => file.endsWith('.map')), []);
    const forbidden = /(^|\/)(test|tests|test-fixtures|node_modules|bench|out|\.bench-cache|client)\//;
    assert.deepEqual(files.filter((file) => forbidden.test(file)), []);
  });

  it('stays under 8 MB', () => {
    const bytes = fs.statSync(vsix).size;
    const unpacked = entries.reduce((sum, entry) => sum + entry.size, 0);
    console.log(`${path.basename(vsix)}: ${(bytes / 1024 / 1024).toFixed(2)} MB, ${entries.length} entries, ${(unpacked / 1024 / 1024).toFixed(2)} MB unpacked`);
    assert.ok(bytes <= maxBytes, `${bytes} bytes > ${maxBytes}`);
  });
});
