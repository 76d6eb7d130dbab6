/**
 * What `npm pack` publishes (.npmignore): what the CLI needs at run time — its bundle, the helper
 * template `--fix` inserts (the .ts source and the generated .mjs/.cjs), the config schema and the docs
 * the links name — and none of the sources, tests, fixtures, benchmarks or editor packages.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import manifest from '../../package.json';

const root = path.resolve(__dirname, '../..');

function packedFiles(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const output = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
  return pack.files.map((file) => file.path);
}

describe('the npm package', () => {
  const files = packedFiles();

  it('ships the CLI bundle its bin names, the helper template in every form, the schema and the docs', () => {
    const bin = (manifest.bin as Record<string, string>)['http-resilience'].replace(/^\.\//, '');
    for (const file of [bin, 'server/resources/resilient-http.ts', 'dist/resources/resilient-http.mjs', 'dist/resources/resilient-http.cjs', 'schemas/http-resilience.schema.json', 'docs/probe.md', 'docs/helper.md', 'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(file), `${file} is not in the npm package`);
    }
  });

  it('ships no sources, tests, fixtures, benchmarks, source maps, images or .vsix', () => {
    const unwanted = files.filter((file) => /^(server\/(src|test)|client|bench|test-fixtures|packages|scripts|\.ci|node_modules|docs\/images)\//.test(file) || /\.(map|vsix|tgz)$/.test(file));
    assert.deepEqual(unwanted, []);
    assert.ok(files.length < 60, `${files.length} files: the allowlist in .npmignore let more in`);
  });
});
