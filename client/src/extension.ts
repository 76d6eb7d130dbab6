/** VS Code entry: activate/deactivate only. */
import type { ExtensionContext } from 'vscode';
import { startLanguageClient, stopLanguageClient } from './language-client';

/** Starts the language server for TypeScript and JavaScript documents. */
export async function activate(context: ExtensionContext): Promise<void> {
  await startLanguageClient(context);
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await stopLanguageClient();
}
