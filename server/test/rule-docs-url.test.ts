/**
 * The one docs URL (`ruleDocsUrl`) leads to a page that exists once this version is published: the page inside
 * the npm package on unpkg, so `npm pack` must ship docs/rules/<id>.md for every rule, unchanged.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import manifest from '../../package.json';
import { ruleDocsUrl, ruleIds } from '../src/rules';

const root = path.resolve(__dirname, '../..');

describe('rule docs URL', () => {
  it('is the versioned page of the npm package on unpkg, for every rule', () => {
    for (const id of ruleIds) assert.equal(ruleDocsUrl(id), `https://unpkg.com/http-resilience@${manifest.version}/docs/rules/${id}.md`);
    assert.equal(manifest.name, 'http-resilience');
  });

  it('is the link of every rule in the JSON schema of .http-resilience.json', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/http-resilience.schema.json'), 'utf8')) as {
      properties: { rules: { properties: Record<string, { markdownDescription?: string }> } };
    };
    for (const id of ruleIds) assert.equal(schema.properties.rules.properties[id]?.markdownDescription, `[docs](${ruleDocsUrl(id)})`, id);
  });

  it('names a file npm publishes: npm pack ships every rule page as it is in the repository', () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const output = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string; size: number }> }>;
    const packed = new Map(pack.files.map((file) => [file.path, file.size]));
    for (const id of ruleIds) {
      const page = `docs/rules/${id}.md`;
      assert.equal(packed.get(page), fs.statSync(path.join(root, page)).size, `${page} is not in the npm package as it is in the repository`);
      assert.ok(ruleDocsUrl(id).endsWith(`/${page}`));
    }
  });
});
