/**
 * A running probe as a cancellable notification (its Cancel button cancels the LSP request, and the
 * server then stops every socket and answers with the partial result) and as status-bar text. The server
 * reports work-done progress on the token the client passes.
 */
import { randomUUID } from 'node:crypto';
import { ProgressLocation, StatusBarAlignment, window } from 'vscode';
import { type LanguageClient, WorkDoneProgress } from 'vscode-languageclient/node';
import { ProbeRequest, type ProbeResponse } from '@shared/protocol';

/** Sends the probe request for `url` and shows its progress until the answer. Rejects when the request fails. */
export function probeWithProgress(client: LanguageClient, url: string): Promise<ProbeResponse> {
  const host = new URL(url).host;
  const workDoneToken = `httpResilience.probe.${randomUUID()}`;
  const status = window.createStatusBarItem('httpResilience.probeProgress', StatusBarAlignment.Left, 0);
  status.name = 'HTTP Resilience probe';
  status.text = `$(sync~spin) Probing ${host}`;
  status.show();
  return Promise.resolve(
    window.withProgress({ location: ProgressLocation.Notification, title: `HTTP Resilience: probing ${host}`, cancellable: true }, async (progress, token) => {
      let percentage = 0;
      const listening = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const next = value.percentage ?? percentage;
        progress.report({ message: value.message, increment: Math.max(0, next - percentage) });
        percentage = Math.max(percentage, next);
        if (value.message) status.text = `$(sync~spin) Probing ${host}: ${value.message}`;
      });
      token.onCancellationRequested(() => (status.text = `$(sync~spin) Stopping the probe of ${host}`));
      try {
        return await client.sendRequest(ProbeRequest.type, { url, workDoneToken }, token);
      } finally {
        listening.dispose();
        status.dispose();
      }
    }),
  );
}
