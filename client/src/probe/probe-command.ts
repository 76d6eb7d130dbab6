/**
 * "HTTP Resilience: Probe Host…": pick the URL, confirm what will be sent, ask the server to probe (it
 * shows work-done progress with a cancel button), show the result. The probe runs in the server
 * process, never here: undici would replace the extension host's global dispatcher.
 */
import { commands, type Disposable, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClientCommands, ProbeRequest } from '@shared/protocol';
import { confirmProbe } from './confirm';
import { pickTarget } from './pick-target';
import { showProbeResult } from './probe-panel';

/** Registers the probe command; `getClient` is the running language client, if any. */
export function registerProbeCommand(getClient: () => LanguageClient | undefined): Disposable {
  return commands.registerCommand(ClientCommands.probeHost, async (argument: unknown) => {
    const url = await pickTarget(argument);
    if (!url || !(await confirmProbe(url))) return;
    const client = getClient();
    if (!client) {
      void window.showErrorMessage('The HTTP Resilience server is not running; see "HTTP Resilience: Show Output".');
      return;
    }
    try {
      showProbeResult(await client.sendRequest(ProbeRequest.type, { url }));
    } catch (error) {
      void window.showErrorMessage(`Probe of ${new URL(url).origin} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}
