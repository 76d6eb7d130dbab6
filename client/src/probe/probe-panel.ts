/** The webview that shows a probe result; "Apply to helper" and "Copy as JSON" come back as messages. */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { env, Uri, ViewColumn, type WebviewPanel, window, workspace, WorkspaceEdit, Range } from 'vscode';
import type { ProbeJson } from '@shared/probe/json';
import { settingsSection } from '@shared/protocol';
import { applyRecommendations } from './apply-settings';
import { type ProbePageMessage, renderProbePage } from './webview-html';

/** Opens a panel with the result. */
export function showProbeResult(result: ProbeJson): WebviewPanel {
  const panel = window.createWebviewPanel('httpResilience.probe', `Probe: ${new URL(result.origin).host}`, ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
  });
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = renderProbePage(result, nonce, panel.webview.cspSource);
  panel.webview.onDidReceiveMessage((message: ProbePageMessage) => {
    if (message.type === 'copy') void env.clipboard.writeText(JSON.stringify(result, null, 2)).then(() => window.showInformationMessage('Probe result copied as JSON.'));
    if (message.type === 'apply') void applyToHelper(result);
  });
  return panel;
}

/** Writes the recommendations into the helper at `httpResilience.helperPath` of the first workspace folder, as one undoable edit. */
export async function applyToHelper(result: ProbeJson): Promise<void> {
  const folder = workspace.workspaceFolders?.[0];
  if (!folder) {
    void window.showWarningMessage('Open a workspace folder to apply the settings to its helper.');
    return;
  }
  const configured = workspace.getConfiguration(settingsSection, folder.uri).get<string>('helperPath') ?? 'src/resilient-http.ts';
  const stem = configured.replace(/\.[cm]?[jt]s$/, '');
  for (const extension of ['.ts', '.mjs', '.cjs']) {
    const uri = Uri.file(path.join(folder.uri.fsPath, `${stem}${extension}`));
    let document;
    try {
      document = await workspace.openTextDocument(uri);
    } catch {
      continue;
    }
    const applied = applyRecommendations(document.getText(), result.recommendations);
    if (!applied) {
      void window.showWarningMessage(`${workspace.asRelativePath(uri)} has no resilientHttpSettings object; nothing was changed.`);
      return;
    }
    if (applied.changes.length === 0) {
      void window.showInformationMessage(`${workspace.asRelativePath(uri)} already has these settings.`);
      return;
    }
    const edit = new WorkspaceEdit();
    edit.replace(uri, new Range(document.positionAt(0), document.positionAt(document.getText().length)), applied.text);
    await workspace.applyEdit(edit);
    await window.showTextDocument(document, ViewColumn.One);
    void window.showInformationMessage(`Applied to ${workspace.asRelativePath(uri)}: ${applied.changes.join(', ')}.`);
    return;
  }
  void window.showWarningMessage(`No helper at ${configured} yet: apply a quick fix that inserts it first, then apply the probe's settings.`);
}
