/**
 * The extension in a real VS Code extension host (code-server or desktop VS Code): diagnostics for open
 * files, Scan Workspace for files that are not open, quick fixes applied through the editor API. Opens
 * the folder made by make-workspace.ts; expectations come from the fixtures' `// expect:` comments.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, type ScanResult } from '@shared/protocol';
import { expectedKeys } from '../../../server/test/support/fixture-expectations';
import type { ExtensionApi } from '../../src/extension';
import { activeExtension, findingKeys, ourDiagnostics, ruleOf, waitForDiagnostics } from './vscode-waits';

const extensionId = 'http-resilience.http-resilience';
// The bundle runs from out/e2e/; the fixtures hold the expected fix outputs.
const fixtures = path.resolve(__dirname, '..', '..', 'test-fixtures');

function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Our preferred quick fix at a diagnostic, asked for as the light bulb does. The API command drops the
 * actions' diagnostics, and TypeScript's refactorings can be preferred too: so the fix is told by title.
 */
async function preferredFix(uri: vscode.Uri, diagnostic: vscode.Diagnostic, title: RegExp): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
  const fixes = actions.filter((action): action is vscode.CodeAction => 'kind' in action && action.kind?.value === vscode.CodeActionKind.QuickFix.value);
  const fix = fixes.find((action) => action.isPreferred && title.test(action.title));
  assert.ok(fix?.edit, `a preferred quick fix ${title} for ${ruleOf(diagnostic)}; got ${JSON.stringify(fixes.map((action) => action.title))}`);
  return fix;
}

function lineIndex(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `"${needle}" is in the file`);
  return index;
}

suite('HTTP Resilience in VS Code', () => {
  test('activates on a TypeScript file, from the expected installation', async () => {
    await open('src/fix-signal.ts');
    const extension = await activeExtension<ExtensionApi>(extensionId);
    const { ownMs, readyMs } = extension.exports.activation;
    // Launchers that install the .vsix say where it must come from, so the shipped artifact is what runs.
    const expectedRoot = process.env.HTTP_RESILIENCE_E2E_EXTENSION_ROOT;
    console.log(`extension at ${extension.extensionPath} (expected under ${expectedRoot ?? 'anywhere'}); activation: own code ${ownMs.toFixed(1)} ms, server ready ${readyMs.toFixed(0)} ms`);
    if (expectedRoot) assert.ok(extension.extensionPath.startsWith(expectedRoot), `${extension.extensionPath} is under ${expectedRoot}`);
  });

  test('reports findings in an open file with rule ids, docs links and the callee as range', async () => {
    const document = await open('src/fix-signal.ts');
    const expected = expectedKeys(document.getText());
    const diagnostics = await waitForDiagnostics(document.uri, (current) => current.length >= expected.length);
    assert.deepEqual(findingKeys(diagnostics), expected);
    for (const diagnostic of diagnostics) {
      const line = document.lineAt(diagnostic.range.start.line).text;
      const callee = /\baxios\.get\(|\bfetch\(/.exec(line);
      assert.ok(callee, `a request on line ${diagnostic.range.start.line + 1}`);
      assert.equal(diagnostic.range.start.character, callee.index);
      assert.equal(document.getText(diagnostic.range) + '(', callee[0]);
      const code = diagnostic.code as { value: string; target: vscode.Uri };
      assert.match(code.target.toString(), /\/docs\/rules\/missing-timeout\.md$/);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    }
  });

  test('Scan Workspace reports files that are not open, and counts the open ones', async () => {
    const unopened = workspaceUri('src/timeouts.ts');
    const clean = workspaceUri('src/clean.ts');
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === unopened.toString()));
    // The workspace turns the startup scan off, so nothing is known about the file before the command.
    assert.deepEqual(ourDiagnostics(unopened), []);
    const expected = expectedKeys(fs.readFileSync(unopened.fsPath, 'utf8'));
    const arrived = waitForDiagnostics(unopened, (current) => current.length >= expected.length);
    const result = await vscode.commands.executeCommand<ScanResult>(Commands.scanWorkspace);
    // Open files count too (with their editor text); the scan publishes only for the others.
    const all = await vscode.workspace.findFiles('src/*.ts');
    assert.ok(all.some((uri) => vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())), 'a file is open');
    assert.equal(result.filesAnalyzed, all.length);
    assert.deepEqual(findingKeys(await arrived), expected);
    assert.deepEqual(findingKeys(ourDiagnostics(clean)), []);
  });

  test('the missing-timeout quick fix adds an AbortSignal.timeout and the finding goes away', async () => {
    const document = await open('src/fix-signal.ts');
    const before = document.getText();
    const target = lineIndex(before, 'users/${id}');
    const diagnostics = await waitForDiagnostics(document.uri, (current) => current.some((each) => each.range.start.line === target));
    const fix = await preferredFix(document.uri, diagnostics.find((each) => each.range.start.line === target)!, /^Add `signal: AbortSignal\.timeout\(10_000\)`$/);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the editor applied the edit');
    const fixedLines = fs.readFileSync(path.join(fixtures, 'missing-timeout', 'fix-signal.fixed.ts'), 'utf8').split('\n');
    const expected = before.split('\n');
    expected[target] = fixedLines[target];
    assert.equal(document.getText(), expected.join('\n'));
    assert.match(document.lineAt(target).text, /\{ signal: AbortSignal\.timeout\(10_000\) \}/);
    await waitForDiagnostics(document.uri, (current) => current.length > 0 && !current.some((each) => each.range.start.line === target));
  });

  test('the unbounded-concurrency quick fix creates the helper, imports mapLimit and adds undici in one edit', async () => {
    const document = await open('src/fix-map-limit.ts');
    const before = document.getText();
    const diagnostics = await waitForDiagnostics(document.uri, (current) => current.some((each) => ruleOf(each) === 'unbounded-concurrency'));
    const fix = await preferredFix(document.uri, diagnostics.find((each) => ruleOf(each) === 'unbounded-concurrency')!, /^Bound the fan-out: mapLimit\(urls, 8, …\)$/);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the editor applied the edit');

    const expected = before.split('\n');
    expected[lineIndex(before, 'Promise.all(')] = '  return mapLimit(urls, 8, (url) => withTimeout(url)); // expect: unbounded-concurrency, missing-retry';
    expected.splice(lineIndex(before, "from 'undici'") + 1, 0, "import { mapLimit } from './resilient-http';");
    assert.equal(document.getText(), expected.join('\n'));

    // Created files and edited manifests are open (unsaved) models: read them through the editor.
    const helper = await vscode.workspace.openTextDocument(workspaceUri('src/resilient-http.ts'));
    const extension = vscode.extensions.getExtension(extensionId)!;
    const template = fs.readFileSync(path.join(extension.extensionPath, 'server', 'resources', 'resilient-http.ts'), 'utf8');
    assert.equal(helper.getText(), template, 'the helper is the template shipped with the extension');
    const manifest = await vscode.workspace.openTextDocument(workspaceUri('package.json'));
    assert.match((JSON.parse(manifest.getText()) as { dependencies: Record<string, string> }).dependencies.undici, /^\^7\./);
    await vscode.workspace.saveAll(false);
  });
});
