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
