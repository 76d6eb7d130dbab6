/**
 * "HTTP Resilience: Probe Host…": pick the URL, confirm what will be sent, ask the server to probe (a
 * cancellable notification and status-bar text show its progress), show the result in the origin's
 * panel (reused, the previous result marked stale while the new one runs). The probe runs in the server
 * process, never here: undici would replace the extension host's global dispatcher.
 */
import { commands, type Disposable, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClientCommands } from '@shared/protocol';
import { confirmProbe } from './confirm';
import { pickTarget } from './pick-target';
import { probeWithProgress } from './probe-progress';
import { ResultsPanels } from './results-panels';

/** Registers the probe command; `getClient` is the running language client, if any. */
export function registerProbeCommand(getClient: () => LanguageClient | undefined): Disposable {
  const panels = new ResultsPanels(getClient);
  const command = commands.registerCommand(ClientCommands.probeHost, async (argument: unknown) => {
    const url = await pickTarget(argument);
    if (!url || !(await confirmProbe(url))) return;
    const client = getClient();
    if (!client) {
      void window.showErrorMessage('The HTTP Resilience server is not running; see "HTTP Resilience: Show Output".');
      return;
    }
    const origin = new URL(url).origin;
    panels.probing(origin);
    try {
      panels.show(await probeWithProgress(client, url));
    } catch (error) {
      panels.failed(origin);
      void window.showErrorMessage(`Probe of ${origin} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return { dispose: () => (command.dispose(), panels.dispose()) };
}
