/** File discovery for `lint`: extensions, default exclusions, .gitignore like git, --ignore-pattern, explicit files. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { listSourceFiles, MissingPathError } from '../src/engine/discover';

let root: string;

const tree: Record<string, string> = {
  '.gitignore': '*.gen.ts\nlogs/\n',
  'src/a.ts': '',
  'src/b.tsx': '',
  'src/types.d.ts': '',
  'src/vendor.min.js': '',
  'src/notes.md': '',
  'src/api.gen.ts': '',
  'src/keep/.gitignore': '!*.gen.ts\n',
  'src/keep/kept.gen.ts': '',
  'src/node_modules/dep/index.js': '',
  'lib/c.cjs': '',
  'lib/d.mjs': '',
  'lib/e.cts': '',
  'lib/f.mts': '',
  'lib/g.jsx': '',
  'logs/h.ts': '',
  'dist/bundle.js': '',
  'out/x.js': '',
  'build/y.js': '',
  'coverage/z.js': '',
  'outside/.gitignore': '*.ts\n',
  'outside/inner/i.ts': '',
};

/** Paths relative to `root`, forward slashes, as listSourceFiles found them (in its order). */
async function list(inputs: string[], ignorePatterns: string[] = [], cwd = root): Promise<string[]> {
  const files = await listSourceFiles(inputs, { cwd, ignorePatterns });
  return files.map((file) => path.relative(root, file).split(path.sep).join('/'));
}

describe('listSourceFiles', () => {
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-cli-discover-'));
    for (const [file, text] of Object.entries(tree)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('walks for sources, skips declarations, minified files and build folders, and honours nested .gitignore files', async () => {
    assert.deepEqual(await list(['.']), [
      'lib/c.cjs',
      'lib/d.mjs',
      'lib/e.cts',
      'lib/f.mts',
      'lib/g.jsx',
      'src/a.ts',
      'src/b.tsx',
      'src/keep/kept.gen.ts', // re-included by the nested .gitignore, as git would
    ]);
  });

  it('applies the .gitignore files of enclosing folders only inside a git repository', async () => {
    assert.deepEqual(await list(['outside/inner']), ['outside/inner/i.ts'], 'no repository: outside/.gitignore is not read');
    fs.mkdirSync(path.join(root, '.git'));
    try {
      assert.deepEqual(await list(['src']), ['src/a.ts', 'src/b.tsx', 'src/keep/kept.gen.ts'], 'the root .gitignore still hides src/api.gen.ts');
      assert.deepEqual(await list(['outside/inner']), [], 'outside/.gitignore applies to its subfolders');
    } finally {
      fs.rmdirSync(path.join(root, '.git'));
    }
  });

  it('always includes files named explicitly, de-duplicated and sorted', async () => {
    assert.deepEqual(await list(['src/types.d.ts', 'logs/h.ts', 'src/api.gen.ts', 'src', 'dist/bundle.js', 'src/a.ts']), [
      'dist/bundle.js',
      'logs/h.ts',
      'src/a.ts',
      'src/api.gen.ts',
      'src/b.tsx',
      'src/keep/kept.gen.ts',
      'src/types.d.ts',
    ]);
  });

  it('walks excluded folders when they are named explicitly, but not the ones nested inside', async () => {
    assert.deepEqual(await list(['dist']), ['dist/bundle.js']);
    assert.deepEqual(await list(['src/node_modules']), ['src/node_modules/dep/index.js']);
  });

  it('applies --ignore-pattern relative to the working directory, over .gitignore', async () => {
    assert.deepEqual(await list(['.'], ['lib/', 'src/a.ts']), ['src/b.tsx', 'src/keep/kept.gen.ts']);
    assert.deepEqual(await list(['src'], ['!src/api.gen.ts']), ['src/a.ts', 'src/api.gen.ts', 'src/b.tsx', 'src/keep/kept.gen.ts']);
    const fromSrc = await list(['..'], ['/a.ts'], path.join(root, 'src'));
    assert.deepEqual(fromSrc, ['lib/c.cjs', 'lib/d.mjs', 'lib/e.cts', 'lib/f.mts', 'lib/g.jsx', 'src/b.tsx', 'src/keep/kept.gen.ts']);
  });

  it('reports a path that does not exist as bad usage', async () => {
    await assert.rejects(list(['src', 'nope']), (error: unknown) => {
      assert.ok(error instanceof MissingPathError);
      assert.equal(error.message, 'no such file or directory: nope');
      return true;
    });
  });
});
