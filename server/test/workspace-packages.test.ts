/**
 * Monorepo workspace packages resolve to their source: npm/yarn `workspaces` (array and `{ packages }`),
 * pnpm-workspace.yaml, lerna.json, globs with `**` and negations, `exports` maps with conditions, subpaths and
 * patterns, `main`/`types` pointing at a `dist` that was never built, scoped names, and names that are not
 * workspace packages (they stay external). Real files in a temporary directory, read through the disk seam.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { ProjectHost } from '../src/analysis/project/project-host';
import { diskFileSystem } from '../src/analysis/project/file-system';
import { expandWorkspaceGlobs, globRegExp, workspaceGlobs, yamlPackagesList } from '../src/analysis/project/workspace-globs';
import { packageNameOf } from '../src/analysis/project/workspace-packages';

const source = 'export function getJson(url: string) {\n  return fetch(url);\n}\n';

/** A temporary directory holding `files` (path → text), removed when the test ends. */
function tempTree(t: TestContext, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-workspace-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const manifest = (fields: Record<string, unknown>) => JSON.stringify(fields);

/** Where `specifier`, imported from `from` (relative to `dir`), resolves: a path relative to `dir`, or undefined. */
function resolved(dir: string, from: string, specifier: string, host = new ProjectHost()): string | undefined {
  const target = host.resolveImport(path.join(dir, from), specifier);
  return target && path.relative(dir, target.path).split(path.sep).join('/');
}

describe('pnpm-workspace.yaml packages list', () => {
  it('reads block lists with quotes and comments, and flow lists', () => {
    const block = "# root\npackages:\n  # apps\n  - 'apps/*'\n  - \"packages/*\" # libraries\n  - libs/**\n  - '!**/test/**'\n\ncatalog:\n  react: 19\n";
    assert.deepEqual(yamlPackagesList(block), ['apps/*', 'packages/*', 'libs/**', '!**/test/**']);
    assert.deepEqual(yamlPackagesList("packages: ['a/*', \"b\"]\n"), ['a/*', 'b']);
    assert.deepEqual(yamlPackagesList('packages: []\nsavePrefix: ""\n'), []);
    assert.equal(yamlPackagesList('catalog:\n  react: 19\n'), undefined);
  });
});

describe('workspace globs', () => {
  it('matches whole paths with ** and *', () => {
    assert.ok(globRegExp('**/test/**').test('packages/x/test/fixture'));
    assert.ok(globRegExp('**/test/**').test('test'));
    assert.ok(!globRegExp('**/test/**').test('packages/testing'));
    assert.ok(globRegExp('packages/*').test('packages/http'));
    assert.ok(!globRegExp('packages/*').test('packages/http/sub'));
    assert.ok(globRegExp('a/**/b').test('a/b') && globRegExp('a/**/b').test('a/x/y/b') && !globRegExp('a/**/b').test('a/xb'));
    assert.ok(globRegExp('**').test('any/thing') && globRegExp('apps/**').test('apps') && globRegExp('apps/**').test('apps/x/y'));
  });

  it('unites package.json workspaces ({ packages }), pnpm-workspace.yaml and lerna.json, and applies negations', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ name: 'root', workspaces: { packages: ['apps/*'] } }),
      'pnpm-workspace.yaml': "packages:\n  - 'packages/**'\n  - '!**/test/**'\n  - '!packages/legacy'\n",
      'lerna.json': manifest({ packages: ['tools/{cli,lint}'] }),
      'apps/web/package.json': manifest({ name: 'web' }),
      'apps/notes.md': 'not a package',
      'packages/core/http/package.json': manifest({ name: '@acme/http' }),
      'packages/core/http/test/fixture/package.json': manifest({ name: 'fixture' }),
      'packages/legacy/package.json': manifest({ name: 'legacy' }),
      'packages/node_modules/dep/package.json': manifest({ name: 'dep' }),
      'tools/cli/package.json': manifest({ name: 'cli' }),
      'tools/lint/package.json': manifest({ name: 'lint' }),
      'tools/other/package.json': manifest({ name: 'other' }),
    });
    const globs = workspaceGlobs(dir, diskFileSystem);
    assert.deepEqual(globs, ['apps/*', 'packages/**', '!**/test/**', '!packages/legacy', 'tools/{cli,lint}']);
    const found = expandWorkspaceGlobs(dir, globs, diskFileSystem).map((found) => path.relative(dir, found).split(path.sep).join('/'));
    assert.deepEqual(found.sort(), ['apps/web', 'packages/core/http', 'tools/cli', 'tools/lint']);
  });

  it('finds no workspace where nothing declares one', (t) => {
    const dir = tempTree(t, { 'package.json': manifest({ name: 'single' }) });
    assert.equal(workspaceGlobs(dir, diskFileSystem), undefined);
  });
});

describe('package names of specifiers', () => {
  it('takes the scope and name, or the first segment', () => {
    assert.equal(packageNameOf('@acme/http'), '@acme/http');
    assert.equal(packageNameOf('@acme/http/sub/path'), '@acme/http');
    assert.equal(packageNameOf('lodash/fp'), 'lodash');
    for (const specifier of ['./x', '../x', '/abs', 'node:fs', '@acme', '']) assert.equal(packageNameOf(specifier), undefined, specifier);
  });
});

describe('workspace imports resolve to the source', () => {
  it('npm/yarn workspaces: main and types pointing at a dist that was never built map to src', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ private: true, workspaces: ['packages/*', 'apps/*'] }),
      'packages/http/package.json': manifest({ name: '@acme/http', main: 'dist/index.js', types: 'dist/index.d.ts' }),
      'packages/http/src/index.ts': source,
      'apps/api/package.json': manifest({ name: 'api' }),
      'apps/api/src/main.ts': '',
    });
    assert.equal(resolved(dir, 'apps/api/src/main.ts', '@acme/http'), 'packages/http/src/index.ts');
  });

  it("the package's tsconfig outDir/rootDir map a build output to its source, ahead of the src guess", (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ private: true, workspaces: ['packages/*'] }),
      'packages/http/package.json': manifest({ name: '@acme/http', main: 'lib2/client/index.js' }),
      // Comments and trailing commas, as tsconfig files have them.
      'packages/http/tsconfig.json': '{\n  // build layout\n  "compilerOptions": { "outDir": "./lib2/", "rootDir": "source", },\n}\n',
      'packages/http/source/client/index.ts': source,
      'packages/http/src/index.ts': 'export {};\n',
      'app.ts': '',
    });
    assert.equal(resolved(dir, 'app.ts', '@acme/http'), 'packages/http/source/client/index.ts');
  });

  it('typesVersions maps subpaths when there is no exports field', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ private: true, workspaces: ['packages/*'] }),
      'packages/sdk/package.json': manifest({
        name: '@acme/sdk',
        main: 'dist/index.js',
        typesVersions: { '*': { client: ['dist/http/client.d.ts'], 'tools/*': ['dist/helpers/*.d.ts'] } },
      }),
      'packages/sdk/src/index.ts': source,
      'packages/sdk/src/http/client.ts': source,
      'packages/sdk/src/helpers/retry.ts': source,
      'app.ts': '',
    });
    assert.equal(resolved(dir, 'app.ts', '@acme/sdk'), 'packages/sdk/src/index.ts');
    assert.equal(resolved(dir, 'app.ts', '@acme/sdk/client'), 'packages/sdk/src/http/client.ts');
    assert.equal(resolved(dir, 'app.ts', '@acme/sdk/tools/retry'), 'packages/sdk/src/helpers/retry.ts');
  });

  it('pnpm-workspace.yaml with no package.json workspaces field', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ name: 'root', private: true }),
      'pnpm-workspace.yaml': 'packages:\n  - libs/*\n',
      'libs/client/package.json': manifest({ name: 'client', main: './build/cjs/client.js' }),
      'libs/client/src/client.ts': source,
      'apps/api/main.ts': '',
    });
    assert.equal(resolved(dir, 'apps/api/main.ts', 'client'), 'libs/client/src/client.ts');
  });

  it('exports: condition objects, subpath keys and ./* patterns', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'packages/sdk/package.json': manifest({
        name: '@acme/sdk',
        exports: {
          '.': { import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.mjs' }, require: './dist/cjs/index.cjs' },
          './server': { node: './lib/server.js', default: './lib/browser.js' },
          './utils/*': './dist/utils/*.js',
          './types': './dist/types/index.js',
          './package.json': './package.json',
        },
      }),
      'packages/sdk/src/index.ts': source,
      'packages/sdk/src/types/index.ts': source,
      'packages/sdk/src/server.ts': source,
      'packages/sdk/src/utils/retry.ts': source,
      'main.ts': '',
    });
    assert.equal(resolved(dir, 'main.ts', '@acme/sdk'), 'packages/sdk/src/index.ts');
    assert.equal(resolved(dir, 'main.ts', '@acme/sdk/server'), 'packages/sdk/src/server.ts');
    assert.equal(resolved(dir, 'main.ts', '@acme/sdk/utils/retry'), 'packages/sdk/src/utils/retry.ts');
    assert.equal(resolved(dir, 'main.ts', '@acme/sdk/types'), 'packages/sdk/src/types/index.ts', 'dist/types/ is the types folder, not a format folder');
    assert.equal(resolved(dir, 'main.ts', '@acme/sdk/missing'), undefined);
  });

  it('exports as a string, a source condition, and a package whose main names its source', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'packages/a/package.json': manifest({ name: 'a', exports: './lib/index.js' }),
      'packages/a/lib/index.ts': source,
      'packages/b/package.json': manifest({ name: 'b', exports: { source: './source/entry.ts', default: './dist/entry.js' } }),
      'packages/b/source/entry.ts': source,
      'packages/c/package.json': manifest({ name: 'c', main: 'src/main.ts' }),
      'packages/c/src/main.ts': source,
      'packages/d/package.json': manifest({ name: 'd' }),
      'packages/d/src/index.ts': source,
      'main.ts': '',
    });
    assert.equal(resolved(dir, 'main.ts', 'a'), 'packages/a/lib/index.ts');
    assert.equal(resolved(dir, 'main.ts', 'b'), 'packages/b/source/entry.ts');
    assert.equal(resolved(dir, 'main.ts', 'c'), 'packages/c/src/main.ts');
    assert.equal(resolved(dir, 'main.ts', 'd'), 'packages/d/src/index.ts', 'no entry fields: src/index.ts');
  });

  it('a subpath of a package without exports is a path inside it, or under its src', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'packages/shared/package.json': manifest({ name: '@acme/shared', main: 'dist/index.js' }),
      'packages/shared/src/http/client.ts': source,
      'packages/shared/config.ts': source,
      'main.ts': '',
    });
    assert.equal(resolved(dir, 'main.ts', '@acme/shared/http/client'), 'packages/shared/src/http/client.ts');
    assert.equal(resolved(dir, 'main.ts', '@acme/shared/config'), 'packages/shared/config.ts');
  });

  it('names that are not workspace packages stay external, and no workspace means no lookup', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'packages/http/package.json': manifest({ name: '@acme/http' }),
      'packages/http/src/index.ts': source,
      'node_modules/@other/http/package.json': manifest({ name: '@other/http', main: 'index.js' }),
      'node_modules/@other/http/index.js': source,
      'main.ts': '',
    });
    const host = new ProjectHost();
    const main = path.join(dir, 'main.ts');
    assert.equal(host.isProjectSpecifier(main, '@acme/http'), true);
    for (const specifier of ['@other/http', 'undici', '@acme/http-extra', 'node:http']) {
      assert.equal(host.isProjectSpecifier(main, specifier), false, specifier);
      assert.equal(resolved(dir, 'main.ts', specifier, host), undefined, specifier);
    }
    const single = tempTree(t, { 'package.json': manifest({ name: 'solo' }), 'src/index.ts': source, 'main.ts': '' });
    assert.equal(new ProjectHost().isProjectSpecifier(path.join(single, 'main.ts'), 'solo'), false, 'self-reference needs a workspace');
  });

  it('does not look above the repository root for a workspace', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['repo/packages/*'] }),
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/packages/http/package.json': manifest({ name: '@acme/http' }),
      'repo/packages/http/src/index.ts': source,
      'repo/main.ts': '',
    });
    assert.equal(resolved(dir, 'repo/main.ts', '@acme/http'), undefined);
  });
});

describe('workspace resolution follows changes', () => {
  it('an unsaved package.json renames a package, a new pnpm-workspace.yaml adds one', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'packages/http/package.json': manifest({ name: '@acme/http' }),
      'packages/http/src/index.ts': source,
      'libs/net/package.json': manifest({ name: '@acme/net' }),
      'libs/net/src/index.ts': source,
      'main.ts': '',
    });
    const host = new ProjectHost();
    assert.equal(resolved(dir, 'main.ts', '@acme/http', host), 'packages/http/src/index.ts');
    host.setProjectFileOverlay(path.join(dir, 'packages/http/package.json'), manifest({ name: '@acme/fetch' }));
    assert.equal(resolved(dir, 'main.ts', '@acme/http', host), undefined, 'the buffer renamed it');
    assert.equal(resolved(dir, 'main.ts', '@acme/fetch', host), 'packages/http/src/index.ts');
    assert.equal(resolved(dir, 'main.ts', '@acme/net', host), undefined);
    fs.writeFileSync(path.join(dir, 'pnpm-workspace.yaml'), 'packages:\n  - libs/*\n');
    host.invalidate(path.join(dir, 'pnpm-workspace.yaml'));
    assert.equal(resolved(dir, 'main.ts', '@acme/net', host), 'libs/net/src/index.ts');
  });

  it('an unsaved package.json of a new package directory is found through the editor buffer', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'packages/old/package.json': manifest({ name: 'old' }),
      'main.ts': '',
    });
    const host = new ProjectHost();
    assert.equal(host.isProjectSpecifier(path.join(dir, 'main.ts'), '@acme/new'), false);
    host.setProjectFileOverlay(path.join(dir, 'packages/new/package.json'), manifest({ name: '@acme/new' }));
    host.setOverlay(path.join(dir, 'packages/new/src/index.ts'), source);
    assert.equal(resolved(dir, 'main.ts', '@acme/new', host), 'packages/new/src/index.ts');
  });

  it('the source appearing after a lookup that found nothing is found once files change', (t) => {
    const dir = tempTree(t, {
      'package.json': manifest({ workspaces: ['packages/*'] }),
      'packages/http/package.json': manifest({ name: '@acme/http', main: 'dist/index.js' }),
      'main.ts': '',
    });
    const host = new ProjectHost();
    assert.equal(resolved(dir, 'main.ts', '@acme/http', host), undefined);
    fs.mkdirSync(path.join(dir, 'packages/http/src'));
    fs.writeFileSync(path.join(dir, 'packages/http/src/index.ts'), source);
    host.invalidate(path.join(dir, 'packages/http/src/index.ts'));
    assert.equal(resolved(dir, 'main.ts', '@acme/http', host), 'packages/http/src/index.ts');
  });
});
