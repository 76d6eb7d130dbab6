/**
 * "Save to project": asks the server to write the origin's profile into the project's `.http-resilience.json`
 * (like `http-resilience probe <url> --save`: only that origin's entry changes), which then re-lints the
 * workspace. The server saves the result it measured; the client only names the origin and the folder.
 */
import { Uri, window, workspace } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { type ProbeResponse, SaveProfileRequest } from '@shared/protocol';

/** The folder of the active editor's file, else the first workspace folder. */
function targetFolder(): Uri | undefined {
  const active = window.activeTextEditor?.document.uri;
  return (active && workspace.getWorkspaceFolder(active)?.uri) ?? workspace.workspaceFolders?.[0]?.uri;
}

/** Saves the result's profile, then says where it went (with a button to open the file). */
export async function saveProfile(client: LanguageClient | undefined, result: ProbeResponse): Promise<void> {
  if (!client) {
    void window.showErrorMessage('The HTTP Resilience server is not running; see "HTTP Resilience: Show Output".');
    return;
  }
  const folder = targetFolder();
  if (!folder) {
    void window.showWarningMessage('Open a workspace folder to save the profile into its .http-resilience.json.');
    return;
  }
  try {
    const saved = await client.sendRequest(SaveProfileRequest.type, { origin: result.origin, folderUri: folder.toString() });
    const file = Uri.parse(saved.uri);
    const open = 'Open';
    const choice = await window.showInformationMessage(
      `${saved.replaced ? 'Replaced' : 'Saved'} the profile of ${result.origin} in ${workspace.asRelativePath(file)}; the workspace is re-linted with it.`,
      open,
    );
    if (choice === open) await window.showTextDocument(file);
  } catch (error) {
    void window.showErrorMessage(`Save to project failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
