/**
 * The editor experience in a real extension host: a diagnostic's code links to the rule page shipped in the
 * extension, which opens in the Markdown preview (the link through the editor association, "Show documentation"
 * through the command), and "Fix all HTTP Resilience problems" is among the quick fixes and fixes the file.
 * Runs after extension.test.ts in the same workspace (make-workspace.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Commands } from '@shared/protocol';
import { activeExtension, ruleOf, waitForDiagnostics } from './vscode-waits';

const extensionId = 'http-resilience.http-resilience';
const fixAllTitle = 'Fix all HTTP Resilience problems';

function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the e2e workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

/** Resolves with the first tab `accept` takes, once one is open; rejects after `timeoutMs` listing the tabs. */
function waitForTab(accept: (tab: vscode.Tab) => boolean, timeoutMs = 20_000): Promise<vscode.Tab> {
  const all = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
  return new Promise((resolve, reject) => {
    const check = () => {
      const tab = all().find(accept);
      if (!tab) return;
      finish();
      resolve(tab);
    };
    const listener = vscode.window.tabGroups.onDidChangeTabs(check);
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no such tab within ${timeoutMs} ms; open: ${JSON.stringify(all().map((tab) => tab.label))}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      listener.dispose();
    };
    check();
  });
}

function isMarkdownPreview(tab: vscode.Tab, page: string): boolean {
  const input = tab.input;
  const preview = (input instanceof vscode.TabInputWebview && /markdown\.preview/.test(input.viewType)) || (input instanceof vscode.TabInputCustom && input.viewType === 'vscode.markdown.preview.editor');
  return preview && tab.label.includes(page);
}

async function openTimeouts(): Promise<{ document: vscode.TextDocument; diagnostics: vscode.Diagnostic[] }> {
  const document = await vscode.workspace.openTextDocument(workspaceUri('src/timeouts.ts'));
  await vscode.window.showTextDocument(document);
  const diagnostics = await waitForDiagnostics(document.uri, (current) => current.some((each) => ruleOf(each) === 'missing-timeout'));
  return { document, diagnostics };
}

suite('HTTP Resilience: docs and Fix all in the editor', () => {
  test('a diagnostic code links to the page shipped in the extension, which opens in the Markdown preview', async () => {
    const extension = await activeExtension(extensionId);
    const { diagnostics } = await openTimeouts();
    const code = diagnostics.find((each) => ruleOf(each) === 'missing-timeout')!.code as { value: string; target: vscode.Uri };
    const shipped = vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules', 'missing-timeout.md');
    assert.equal(code.target.toString(), shipped.toString());
    assert.ok(fs.existsSync(shipped.fsPath), `${shipped.fsPath} is in the installed extension`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // What a click on the link does: open the URI; package.json's editor association makes it the preview.
    await vscode.commands.executeCommand('vscode.open', code.target);
    await waitForTab((tab) => isMarkdownPreview(tab, 'missing-timeout.md'));
  });

  test('"Show documentation for missing-timeout" is a quick fix whose command opens the preview', async () => {
    const { document, diagnostics } = await openTimeouts();
    const diagnostic = diagnostics.find((each) => ruleOf(each) === 'missing-timeout')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const docs = actions.find((action) => action.title === 'Show documentation for missing-timeout');
    assert.ok(docs?.command, `a docs action among ${JSON.stringify(actions.map((action) => action.title))}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand(docs.command.command, ...((docs.command.arguments ?? []) as unknown[]));
    await waitForTab((tab) => isMarkdownPreview(tab, 'missing-timeout.md'));
    assert.equal(Commands.openRuleDocs, docs.command.command);
  });

  test('"Fix all HTTP Resilience problems" is among the quick fixes and fixes the file', async () => {
    const { document, diagnostics } = await openTimeouts();
    const diagnostic = diagnostics.find((each) => ruleOf(each) === 'missing-timeout')!;
    // The last argument resolves the actions as the editor does when one is picked (its edit comes on resolve).
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 100);
    const fixAll = actions.find((action) => action.title === fixAllTitle);
    assert.ok(fixAll, `"${fixAllTitle}" among ${JSON.stringify(actions.map((action) => action.title))}`);
    assert.equal(fixAll.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(fixAll.edit, 'resolved with its edit');
    const before = document.getText();
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit), 'the editor applied the edit');
    assert.notEqual(document.getText(), before);
    // Some requests (https.get, superagent) have no automatic fix: fewer findings, not none.
    const timeouts = (list: vscode.Diagnostic[]) => list.filter((each) => ruleOf(each) === 'missing-timeout').length;
    const was = timeouts(diagnostics);
    const after = await waitForDiagnostics(document.uri, (current) => timeouts(current) < was);
    assert.ok(timeouts(after) < was, `${timeouts(after)} of ${was} missing-timeout findings are left`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
