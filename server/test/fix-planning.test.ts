/** Fix planning in isolation: imports, package.json, JS module styles, existing helpers, disable comments. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { disableFileFix, disableLineFix } from '../src/engine/fixes/disable-comments';
import { addDependencyEdit, flavorOf, planHelperInstall } from '../src/engine/fixes/helper-install';
import { importEdit } from '../src/engine/fixes/imports';
import { applyEdits } from '../src/engine/fixes/text-edits';

/** The part of a package.json these tests read. */
interface Manifest {
  dependencies: Record<string, string>;
}

const template = (flavor: string) => `// resilient-http — bundled by http-resilience v1 (${flavor})\nexport function mapLimit() {}\nexport function withRetry() {}\n`;

describe('helper installation', () => {
  it('creates the helper, imports it relatively and adds undici to package.json', () => {
    const files = new Map([['/p/package.json', '{\n  "name": "p",\n  "dependencies": {\n    "axios": "^1.0.0"\n  }\n}\n']]);
    const text = "import axios from 'axios';\n\nexport const x = 1;\n";
    const plan = planHelperInstall({ filePath: '/p/src/api/users.ts', fileText: text, names: ['mapLimit'], helperPath: '/p/src/resilient-http.ts', readFile: (file) => files.get(file), template });
    assert.equal(plan.available, true);
    assert.equal(plan.create?.path, '/p/src/resilient-http.ts');
    assert.equal(applyEdits(text, plan.edits.get('/p/src/api/users.ts')!), "import axios from 'axios';\nimport { mapLimit } from '../resilient-http';\n\nexport const x = 1;\n");
    const manifest = applyEdits(files.get('/p/package.json')!, plan.edits.get('/p/package.json')!);
    assert.deepEqual((JSON.parse(manifest) as Manifest).dependencies, { undici: '^7.0.0', axios: '^1.0.0' });
  });

  it('merges names into an existing import and keeps a .js-extension import style', () => {
    const text = "import { withRetry } from './resilient-http.js';\nimport { a } from './a.js';\n";
    const edit = importEdit(text, './resilient-http.js', ['mapLimit', 'withRetry'], false);
    assert.equal(applyEdits(text, [edit!]), "import { withRetry, mapLimit } from './resilient-http.js';\nimport { a } from './a.js';\n");
    const plan = planHelperInstall({ filePath: '/p/src/a.ts', fileText: "import { b } from './b.js';\n", names: ['mapLimit'], helperPath: '/p/src/resilient-http.ts', readFile: () => undefined, template });
    assert.match(applyEdits("import { b } from './b.js';\n", plan.edits.get('/p/src/a.ts')!), /from '\.\/resilient-http\.js'/);
  });

  it('uses the .mjs helper for ES modules and the .cjs helper with require for CommonJS', () => {
    assert.equal(flavorOf('/p/a.js', "import x from 'y';"), 'mjs');
    assert.equal(flavorOf('/p/a.js', "const x = require('y');"), 'cjs');
    assert.equal(flavorOf('/p/a.cjs', ''), 'cjs');
    assert.equal(flavorOf('/p/a.js', 'module.exports = { run };'), 'cjs');
    assert.equal(flavorOf('/p/a.js', 'fetch(url);'), 'cjs', "Node runs a .js file without a package type as CommonJS");
    assert.equal(flavorOf('/p/a.js', 'fetch(url);', 'module'), 'mjs');
    const cjsText = "'use strict';\nconst axios = require('axios');\n\nmodule.exports = {};\n";
    const plan = planHelperInstall({ filePath: '/p/lib/a.js', fileText: cjsText, names: ['withRetry'], helperPath: '/p/src/resilient-http.ts', readFile: () => undefined, template });
    assert.equal(plan.create?.path, '/p/src/resilient-http.cjs');
    assert.equal(applyEdits(cjsText, plan.edits.get('/p/lib/a.js')!), "'use strict';\nconst axios = require('axios');\nconst { withRetry } = require('../src/resilient-http.cjs');\n\nmodule.exports = {};\n");
  });

  it('never overwrites a helper that is not ours or lacks the names, and says so', () => {
    const foreign = planHelperInstall({ filePath: '/p/src/a.ts', fileText: '', names: ['mapLimit'], helperPath: '/p/src/resilient-http.ts', readFile: (file) => (file.endsWith('resilient-http.ts') ? 'export const mine = 1;\n' : undefined), template });
    assert.equal(foreign.available, false);
    assert.equal(foreign.create, undefined);
    assert.match(foreign.notes[0], /not the http-resilience helper; it was left alone/);
    const old = planHelperInstall({ filePath: '/p/src/a.ts', fileText: '', names: ['mapLimit'], helperPath: '/p/src/resilient-http.ts', readFile: (file) => (file.endsWith('resilient-http.ts') ? '// resilient-http v1\nexport function withRetry() {}\n' : undefined), template });
    assert.equal(old.available, false);
    assert.match(old.notes[0], /without mapLimit/);
    const current = planHelperInstall({ filePath: '/p/src/a.ts', fileText: '', names: ['withRetry'], helperPath: '/p/src/resilient-http.ts', readFile: (file) => (file.endsWith('resilient-http.ts') ? template('ts') : undefined), template });
    assert.equal(current.available, true);
    assert.equal(current.create, undefined, 'an existing helper is reused');
  });

  it('adds a dependencies block when there is none, and nothing when undici is declared', () => {
    const bare = '{\n  "name": "p"\n}\n';
    assert.deepEqual((JSON.parse(applyEdits(bare, [addDependencyEdit(bare, 'undici', '^7.0.0')!])) as Manifest).dependencies, { undici: '^7.0.0' });
    assert.equal(addDependencyEdit('{ "devDependencies": { "undici": "^7.1.0" } }', 'undici', '^7.0.0'), undefined);
    assert.equal(addDependencyEdit('{ not json', 'undici', '^7.0.0'), undefined);
  });
});

describe('imports follow the project and the file', () => {
  /** Plans the helper import for `file` with `text` in a virtual project; returns the file after the import edit. */
  const plannedImport = (files: Record<string, string>, file: string, text: string, names = ['withRetry'], helperPath = '/p/src/resilient-http.ts') => {
    const plan = planHelperInstall({ filePath: file, fileText: text, names, helperPath, readFile: (candidate) => files[candidate], template });
    return applyEdits(text, plan.edits.get(file) ?? []);
  };
  const nodeNext = '{\n  // comments and trailing commas, as tsc allows\n  "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", },\n}\n';

  it('NodeNext in an ES-module package: `.js` even when the file has no relative import yet', () => {
    const files = { '/p/package.json': '{ "type": "module", "dependencies": { "undici": "^7.0.0" } }', '/p/tsconfig.json': nodeNext };
    assert.match(plannedImport(files, '/p/src/crawl.ts', "import axios from 'axios';\n"), /from '\.\/resilient-http\.js';/);
    // `module: NodeNext` alone implies the resolution; an `.mts` file is an ES module whatever the package says.
    const moduleOnly = { '/p/package.json': '{}', '/p/tsconfig.json': '{ "compilerOptions": { "module": "nodenext" } }' };
    assert.match(plannedImport(moduleOnly, '/p/src/crawl.mts', ''), /from '\.\/resilient-http\.js'/);
    // CommonJS under NodeNext (no `"type": "module"`): extensionless imports are fine there.
    assert.match(plannedImport(moduleOnly, '/p/src/crawl.ts', ''), /from '\.\/resilient-http';/);
  });

  it('follows `extends` (relative and from node_modules) and solution-style references', () => {
    const files = {
      '/p/package.json': '{ "type": "module" }',
      '/p/tsconfig.base.json': '{ "extends": "@tsconfig/node20/tsconfig.json" }',
      '/p/node_modules/@tsconfig/node20/tsconfig.json': '{ "compilerOptions": { "module": "node16" } }',
      '/p/tsconfig.json': '{ "files": [], "references": [{ "path": "./server" }] }',
      '/p/server/tsconfig.json': '{ "extends": "../tsconfig.base.json", "compilerOptions": { "strict": true } }',
    };
    assert.match(plannedImport(files, '/p/server/src/a.ts', '', ['withRetry'], '/p/server/src/resilient-http.ts'), /from '\.\/resilient-http\.js'/);
  });

  it('bundler resolution: as the file imports its siblings, extensionless when it has none', () => {
    const files = { '/p/package.json': '{ "type": "module" }', '/p/tsconfig.json': '{ "compilerOptions": { "module": "ESNext", "moduleResolution": "bundler" } }' };
    assert.match(plannedImport(files, '/p/src/a.ts', ''), /from '\.\/resilient-http';/);
    assert.match(plannedImport(files, '/p/src/a.ts', "import { b } from './b.js';\n"), /from '\.\/resilient-http\.js';/);
    const tsExtensions = { ...files, '/p/tsconfig.json': '{ "compilerOptions": { "moduleResolution": "bundler", "allowImportingTsExtensions": true } }' };
    assert.match(plannedImport(tsExtensions, '/p/src/a.ts', "import { b } from './b.ts';\n"), /from '\.\/resilient-http\.ts';/);
  });

  it('uses the path alias the file reaches the helper\'s folder with', () => {
    const files = { '/p/tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }' };
    assert.match(plannedImport(files, '/p/src/pages/users.ts', "import { db } from '@/db';\n"), /import \{ withRetry \} from '@\/resilient-http';/);
    // An alias into another folder says nothing about the helper's: relative, as before.
    assert.match(plannedImport(files, '/p/src/pages/users.ts', "import { db } from '@/lib/db';\n"), /from '\.\.\/resilient-http';/);
  });

  it('merges into the import of the helper the file already has, however it is spelled', () => {
    const files = { '/p/package.json': '{ "type": "module" }', '/p/tsconfig.json': nodeNext };
    const text = "import { withRetry } from './resilient-http.js';\n";
    assert.equal(plannedImport(files, '/p/src/a.ts', text, ['mapLimit']), "import { withRetry, mapLimit } from './resilient-http.js';\n");
  });

  it('writes quotes and semicolons as the file does, and `import type` for types only', () => {
    const unstyled = 'import axios from "axios"\n\nexport const x = 1\n';
    assert.equal(importEdit(unstyled, './resilient-http', ['withRetry'], false)?.newText, 'import { withRetry } from "./resilient-http"\n');
    assert.equal(importEdit('', './resilient-http', [], false, { typeNames: ['RetryOptions'] })?.newText, "import type { RetryOptions } from './resilient-http';\n");
    assert.equal(importEdit('', './resilient-http', ['withRetry'], false, { typeNames: ['RetryOptions'] })?.newText, "import { withRetry, type RetryOptions } from './resilient-http';\n");
    const typeOnly = "import type { RetryOptions } from './resilient-http';\n";
    assert.equal(applyEdits(typeOnly, [importEdit(typeOnly, './resilient-http', ['withRetry'], false)!]), `${typeOnly}import { withRetry } from './resilient-http';\n`);
    // CommonJS has no type imports: only the values are required.
    assert.equal(importEdit('', './resilient-http.cjs', ['withRetry'], true, { typeNames: ['RetryOptions'] })?.newText, "const { withRetry } = require('./resilient-http.cjs');\n");
  });

  it('puts a first import after pragmas and a header comment, before a comment that belongs to the code', () => {
    const checked = '// @ts-check\n/** Loads a user. */\nasync function load() {}\n';
    assert.equal(applyEdits(checked, [importEdit(checked, './resilient-http.cjs', ['withRetry'], true)!]), "// @ts-check\nconst { withRetry } = require('./resilient-http.cjs');\n\n/** Loads a user. */\nasync function load() {}\n");
    const header = '// Users API client.\n\nexport const x = 1;\n';
    assert.equal(applyEdits(header, [importEdit(header, './resilient-http', ['withRetry'], false)!]), "// Users API client.\nimport { withRetry } from './resilient-http';\n\nexport const x = 1;\n");
  });
});

describe('disable comments', () => {
  it('inserts or extends a next-line comment with the same indentation', () => {
    const text = 'function f() {\n  return fetch(u);\n}\n';
    const start = text.indexOf('fetch');
    const once = applyEdits(text, disableLineFix(text, start, 'missing-timeout').edits);
    assert.equal(once, 'function f() {\n  // http-resilience-disable-next-line missing-timeout\n  return fetch(u);\n}\n');
    const twice = applyEdits(once, disableLineFix(once, once.indexOf('fetch'), 'missing-retry').edits);
    assert.match(twice, /disable-next-line missing-timeout, missing-retry\n/);
  });

  it('puts the file comment after a shebang', () => {
    const text = '#!/usr/bin/env node\nfetch(u);\n';
    assert.equal(applyEdits(text, disableFileFix(text, 'missing-timeout').edits), '#!/usr/bin/env node\n/* http-resilience-disable missing-timeout */\nfetch(u);\n');
  });
});
