/** Node.js and undici majors read from a project's files (dispatcher-mismatch's evidence). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ProjectHost } from '../src/analysis/project/project-host';
import { bundledUndiciMajor, lowestMajor, readRuntimeVersions } from '../src/analysis/project/runtime-versions';

/** A read function over an in-memory tree. */
function tree(files: Record<string, unknown>) {
  return (filePath: string) => {
    const value = files[filePath];
    return value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value);
  };
}

describe('runtime versions', () => {
  it('reads the lowest major a Node range allows', () => {
    assert.equal(lowestMajor('>=18.17'), 18);
    assert.equal(lowestMajor('^20.11.0 || ^22'), 20);
    assert.equal(lowestMajor('>= 22 <25'), 22);
    assert.equal(lowestMajor('20.x'), 20);
    assert.equal(lowestMajor('*'), undefined);
    assert.equal(lowestMajor('<22'), undefined);
  });

  it('prefers .nvmrc (codenames too) over engines.node, and the nearest engines.node over the root one', () => {
    const read = tree({
      '/repo/.nvmrc': 'lts/jod\n',
      '/repo/package.json': { engines: { node: '>=18' } },
      '/repo/packages/api/package.json': { engines: { node: '>=20' } },
    });
    assert.deepEqual(readRuntimeVersions('/repo/packages/api/src', read).node?.major, 22);
    const withoutNvmrc = tree({ '/repo/package.json': { engines: { node: '>=18' } }, '/repo/packages/api/package.json': { engines: { node: '>=20.18.1' } } });
    const node = readRuntimeVersions('/repo/packages/api/src', withoutNvmrc).node;
    assert.equal(node?.major, 20);
    assert.match(node?.source ?? '', /engines\.node.*>=20\.18\.1.*api\/package\.json/);
  });

  it('says nothing about Node when the nearest engines.node is "*" or a moving alias', () => {
    const read = tree({ '/repo/package.json': { engines: { node: '>=20' } }, '/repo/app/package.json': { engines: { node: '*' } }, '/repo/app/.nvmrc': 'node' });
    assert.equal(readRuntimeVersions('/repo/app', read).node, undefined);
  });

  it('reads undici from the installed copy, then the lockfile, then an exact-major range', () => {
    const installed = tree({ '/repo/package.json': { dependencies: { undici: '^6.21.0' } }, '/repo/node_modules/undici/package.json': { version: '7.3.0' } });
    assert.equal(readRuntimeVersions('/repo/src', installed).undici?.major, 7);
    const locked = tree({
      '/repo/package.json': { workspaces: ['packages/*'] },
      '/repo/packages/api/package.json': { dependencies: { undici: '>=6' } },
      '/repo/package-lock.json': { packages: { 'packages/api/node_modules/undici': { version: '6.21.2' }, 'node_modules/undici': { version: '7.1.0' } } },
    });
    assert.equal(readRuntimeVersions('/repo/packages/api/src', locked).undici?.major, 6);
    const ranged = tree({ '/repo/package.json': { devDependencies: { undici: '~8.1.0' } } });
    assert.equal(readRuntimeVersions('/repo', ranged).undici?.major, 8);
    const open = tree({ '/repo/package.json': { dependencies: { undici: '>=6 <9' } } });
    assert.equal(readRuntimeVersions('/repo', open).undici, undefined);
  });

  it('reads nothing above the repository root: a node_modules or .nvmrc outside the checkout is not the project\'s', () => {
    const read = tree({
      '/work/.nvmrc': '18',
      '/work/node_modules/undici/package.json': { version: '7.3.0' },
      '/work/checkout/package.json': { engines: { node: '>=22' }, dependencies: { undici: '^8.1.0' } },
    });
    assert.deepEqual(readRuntimeVersions('/work/checkout/src', read), readRuntimeVersions('/work/checkout/src', read, undefined, undefined));
    assert.equal(readRuntimeVersions('/work/checkout/src', read).undici?.major, 7);
    const inside = readRuntimeVersions('/work/checkout/src', read, undefined, '/work/checkout');
    assert.equal(inside.undici?.major, 8);
    assert.equal(inside.node?.major, 22);
  });

  it('stops at the nearest .git on disk when a project host asks', () => {
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-runtime-'));
    try {
      const checkout = path.join(outer, 'checkout');
      fs.mkdirSync(path.join(outer, 'node_modules', 'undici'), { recursive: true });
      fs.writeFileSync(path.join(outer, 'node_modules', 'undici', 'package.json'), JSON.stringify({ version: '7.3.0' }));
      fs.mkdirSync(path.join(checkout, '.git'), { recursive: true });
      fs.mkdirSync(path.join(checkout, 'src'));
      fs.writeFileSync(path.join(checkout, 'package.json'), JSON.stringify({ dependencies: { undici: '^8.1.0' } }));
      assert.equal(new ProjectHost().runtimeVersionsOf(path.join(checkout, 'src', 'a.ts')).undici?.major, 8);
      fs.rmSync(path.join(checkout, '.git'), { recursive: true });
      assert.equal(new ProjectHost().runtimeVersionsOf(path.join(checkout, 'src', 'a.ts')).undici?.major, 7);
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });

  it('maps the Node lines whose bundled undici is verified, and no others', () => {
    assert.deepEqual(bundledUndiciMajor, { 18: 5, 20: 6, 22: 6, 23: 6, 24: 7, 26: 8 });
  });
});
