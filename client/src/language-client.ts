/** Starts the LanguageClient: server module, documents, file watching, output channel and traces, status bar, rule docs. */
import * as path from 'node:path';
import { commands, type ExtensionContext, window, workspace } from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Commands, type ScanResult, StatusNotification } from '@shared/protocol';
import { registerProbeCommand } from './probe/probe-command';
import { StatusBar } from './status-bar';
import { RuleDocs } from './rule-docs';
import { TraceChannel } from './trace-channel';
import { projectFileGlob } from '@shared/project-files';

/** Command ids that exist only on the client side. */
export const showOutputCommand = 'httpResilience.showOutput';

let client: LanguageClient | undefined;

/** Creates and starts the client; registers the client-side commands. */
export async function startLanguageClient(context: ExtensionContext): Promise<LanguageClient> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = window.createOutputChannel('HTTP Resilience', { log: true });
  const traceOutputChannel = new TraceChannel(outputChannel);
  const statusBar = new StatusBar(showOutputCommand);
  const ruleDocs = new RuleDocs(context.extensionUri);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({ scheme: 'file', language })),
      // package.json, tsconfig, .nvmrc: unsaved edits change what the analysis concludes (no diagnostics on them).
      { scheme: 'file', pattern: projectFileGlob },
    ],
    synchronize: {
      fileEvents: [workspace.createFileSystemWatcher('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'), workspace.createFileSystemWatcher(projectFileGlob)],
    },
    outputChannel,
    traceOutputChannel,
    middleware: {
      // Diagnostic codes link to the rule page shipped in the extension instead of the web.
      handleDiagnostics: (uri, diagnostics, next) => next(uri, ruleDocs.linkToShippedPages(diagnostics)),
      // The server registers both commands: the scan shows what it found; the docs open here, in the Markdown preview.
      executeCommand: async (command, args, next) => {
        if (command === Commands.openRuleDocs) return ruleDocs.open(args[0]);
        const result: unknown = await next(command, args);
        if (command === Commands.scanWorkspace && result) void window.showInformationMessage(describeScan(result as ScanResult));
        return result;
      },
    },
  };
  client = new LanguageClient('httpResilience', 'HTTP Resilience', serverOptions, clientOptions);
  context.subscriptions.push(
    outputChannel,
    traceOutputChannel,
    statusBar,
    commands.registerCommand(showOutputCommand, () => outputChannel.show(true)),
    registerProbeCommand(() => client),
    client.onNotification(StatusNotification.type, (status) => statusBar.update(status)),
  );
  try {
    await client.start();
  } catch (error) {
    statusBar.update({ state: 'error', findings: 0, message: `The server did not start: ${String(error)}` });
    throw error;
  }
  return client;
}

/** Stops the client (and with it the server). */
export async function stopLanguageClient(): Promise<void> {
  await client?.stop();
  client = undefined;
}

function describeScan(result: ScanResult): string {
  if (result.cancelled) return `HTTP Resilience: scan cancelled after ${result.filesAnalyzed} files.`;
  const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
  return `HTTP Resilience: ${result.findings} findings in ${result.filesWithFindings} of ${result.filesAnalyzed} files${skipped}.`;
}
