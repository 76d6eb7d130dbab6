/** Code actions over the real protocol: quick fix with helper creation in one WorkspaceEdit, disable comments, fix all. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cleanupAfter } from './support/cleanup';
import { type LspSession, startServer } from './support/lsp-harness';

/** The part of a package.json these tests read. */
interface Manifest {
  dependencies: Record<string, string>;
}

const source = "export async function load(ids: string[]) {\n  return Promise.all(ids.map((id) => fetch(`https://api.example.com/${id}`)));\n}\n";
let dir: string;
let server: LspSession;
let diagnostics: Diagnostic[];
const fileUri = () => pathToFileURL(path.join(dir, 'src', 'load.ts')).href;

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.ts', 'typescript', 1, text), edits);
}

async function actionsFor(diagnostic: Diagnostic | undefined, only?: string[]): Promise<CodeAction[]> {
  const range = diagnostic?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri: fileUri() },
    range,
    context: { diagnostics: diagnostic ? [diagnostic] : [], ...(only ? { only } : {}) },
  });
}

describe('code actions', { timeout: 60_000 }, () => {
  const cleanup = cleanupAfter({ after });
  before(async () => {
    dir = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-actions-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "demo"\n}\n');
    server = cleanup.defer(
      await startServer(dir, { scan: { onStartup: false } }, {
        capabilities: { workspace: { configuration: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
      }),
      (started) => started.stop(),
    );
    const published = server.waitForDiagnostics(fileUri(), (items) => items.length >= 3);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(), languageId: 'typescript', version: 1, text: source } });
    diagnostics = await published;
  });

  it('offers the rule fix with the helper file, its import and the package.json dependency in one edit', async () => {
    const fanOut = diagnostics.find((diagnostic) => diagnostic.code === 'unbounded-concurrency')!;
    const actions = await actionsFor(fanOut);
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix, 'a preferred quick fix');
    assert.equal(fix.kind, 'quickfix');
    const changes = fix.edit?.documentChanges ?? [];
    const create = changes.find((change) => 'kind' in change && change.kind === 'create') as { uri: string } | undefined;
    assert.equal(create?.uri, pathToFileURL(path.join(dir, 'src', 'resilient-http.ts')).href);
    const own = changes.find((change) => 'textDocument' in change && change.textDocument.uri === fileUri()) as TextDocumentEdit;
    const fixed = apply(source, own.edits as TextEdit[]);
    assert.match(fixed, /^import \{ mapLimit \} from '\.\/resilient-http';$/m);
    assert.match(fixed, /return mapLimit\(ids, 8, \(id\) => fetch\(/);
    const manifest = changes.find((change) => 'textDocument' in change && change.textDocument.uri.endsWith('package.json')) as TextDocumentEdit;
    assert.equal((JSON.parse(apply('{\n  "name": "demo"\n}\n', manifest.edits as TextEdit[])) as Manifest).dependencies.undici, '^7.0.0');
  });

  it('offers disabling the rule for the line and for the file', async () => {
    const timeout = diagnostics.find((diagnostic) => diagnostic.code === 'missing-timeout')!;
    const titles = (await actionsFor(timeout)).map((action) => action.title);
    assert.ok(titles.includes('Disable missing-timeout for this line'));
    assert.ok(titles.includes('Disable missing-timeout for this file'));
  });

  it('fixes everything at once for source.fixAll.httpResilience', async () => {
    const [fixAll] = await actionsFor(undefined, ['source.fixAll.httpResilience']);
    assert.equal(fixAll?.kind, 'source.fixAll.httpResilience');
    const own = (fixAll.edit?.documentChanges ?? []).find((change) => 'textDocument' in change && change.textDocument.uri === fileUri()) as TextDocumentEdit;
    const fixed = apply(source, own.edits as TextEdit[]);
    assert.match(fixed, /mapLimit\(ids, 8,/);
    // Inside withRetry the request takes the attempt's signal rather than a timer of its own.
    assert.match(fixed, /withRetry\(\(signal\) => fetch\(`https:\/\/api\.example\.com\/\$\{id\}`, \{ signal \}\)\)/);
  });
});
