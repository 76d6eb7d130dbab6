/**
 * Code actions answer from the findings of the document's last lint, over the real protocol: the
 * server's trace (`$/logTrace`, on with `trace: 'verbose'`) shows every time the rules run. A code
 * action after the diagnostics runs no rule; an edit makes the next answer come from the new text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type LspSession, startServer } from './support/lsp-harness';

const source = "export async function load(ids: string[]) {\n  return Promise.all(ids.map((id) => fetch(`https://api.example.com/${id}`)));\n}\n";
/** Two lines above the function: every finding moves down by two. */
const edited = `// Loads every user.\n// Called on start-up.\n${source}`;

let dir: string;
let server: LspSession;
const traces: string[] = [];
const fileUri = () => pathToFileURL(path.join(dir, 'src', 'load.ts')).href;

/** Trace lines that say the rules ran over the file for `version`. */
const lintsOf = (version: number) => traces.filter((line) => line.startsWith('Linted ') && line.includes(`load.ts (version ${version})`));

function actionsFor(diagnostic: Diagnostic): Promise<CodeAction[]> {
  return server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: fileUri() },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });
}

/** The text the preferred quick fix of `actions` makes of `text` (its edits of the document itself). */
function fixed(actions: CodeAction[], text: string): string | undefined {
  const fix = actions.find((action) => action.isPreferred);
  const own = (fix?.edit?.documentChanges ?? []).find((change) => 'textDocument' in change && change.textDocument.uri === fileUri()) as TextDocumentEdit | undefined;
  return own && TextDocument.applyEdits(TextDocument.create(fileUri(), 'typescript', 1, text), own.edits as TextEdit[]);
}

describe('code actions from the last lint', () => {
  let diagnostics: Diagnostic[];
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-action-cache-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "demo"\n}\n');
    server = await startServer(dir, { scan: { onStartup: false } }, {
      trace: 'verbose',
      capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
    });
    server.connection.onNotification('$/logTrace', (params: { message: string }) => {
      traces.push(params.message);
    });
    const published = server.waitForDiagnostics(fileUri(), (items) => items.length >= 3);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(), languageId: 'typescript', version: 1, text: source } });
    diagnostics = await published;
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the rules once for the diagnostics and not again for code actions', async () => {
    assert.equal(lintsOf(1).length, 1, traces.join('\n'));
    const fanOut = diagnostics.find((diagnostic) => diagnostic.code === 'unbounded-concurrency')!;
    const timeout = diagnostics.find((diagnostic) => diagnostic.code === 'missing-timeout')!;
    assert.match(fixed(await actionsFor(fanOut), source) ?? '', /return mapLimit\(ids, 8, \(id\) => fetch\(/);
    const titles = (await actionsFor(timeout)).map((action) => action.title);
    assert.ok(titles.includes('Disable missing-timeout for this line'), titles.join(', '));
    assert.equal(lintsOf(1).length, 1, 'no rule ran for the code actions');
    assert.equal(traces.filter((line) => /^Findings of .*load\.ts \(version 1\) for code actions: the \d+ of its last lint$/.test(line)).length, 2, traces.join('\n'));
  });

  it('answers from the new text after an edit, linting it once', async () => {
    const republished = server.waitForDiagnostics(fileUri(), (items) => items.some((item) => item.code === 'unbounded-concurrency' && item.range.start.line === 3));
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: fileUri(), version: 2 }, contentChanges: [{ text: edited }] });
    // Asked at once, most likely before the debounced lint: the findings of version 1 must not answer.
    const fanOut = diagnostics.find((diagnostic) => diagnostic.code === 'unbounded-concurrency')!;
    const moved = { ...fanOut, range: { start: { ...fanOut.range.start, line: fanOut.range.start.line + 2 }, end: { ...fanOut.range.end, line: fanOut.range.end.line + 2 } } };
    const after = fixed(await actionsFor(moved), edited);
    assert.ok(after, 'the quick fix, found at the new place');
    assert.match(after, /^\/\/ Loads every user\.\n\/\/ Called on start-up\.\nimport \{ mapLimit \} from '\.\/resilient-http';\n/);
    assert.match(after, /return mapLimit\(ids, 8, \(id\) => fetch\(/);
    // Where the finding was in version 1 there is none in version 2.
    assert.equal(fixed(await actionsFor(fanOut), edited), undefined);
    await republished;
    assert.equal(lintsOf(2).length, 1, `one lint of version 2, for whichever came first:\n${traces.join('\n')}`);
    assert.equal(lintsOf(1).length, 1);
  });
});
