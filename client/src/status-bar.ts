/** The status bar item: analyzing / n findings / error; a click opens the output channel. */
import { type Disposable, StatusBarAlignment, type StatusBarItem, ThemeColor, window } from 'vscode';
import type { StatusParams } from '@shared/protocol';

/** Shows the server's state in the status bar. */
export class StatusBar implements Disposable {
  private readonly item: StatusBarItem;

  constructor(command: string) {
    this.item = window.createStatusBarItem('httpResilience.status', StatusBarAlignment.Right, 100);
    this.item.name = 'HTTP Resilience';
    this.item.command = command;
    this.update({ state: 'ready', findings: 0 });
    this.item.show();
  }

  /** Reflects a status notification from the server. */
  update(status: StatusParams): void {
    const findings = `${status.findings} finding${status.findings === 1 ? '' : 's'}`;
    if (status.state === 'analyzing') {
      this.item.text = '$(sync~spin) HTTP Resilience';
      this.item.tooltip = 'HTTP Resilience: analyzing…';
      this.item.backgroundColor = undefined;
    } else if (status.state === 'error') {
      this.item.text = '$(error) HTTP Resilience';
      this.item.tooltip = status.message ?? 'HTTP Resilience: the analysis failed; see the output channel.';
      this.item.backgroundColor = new ThemeColor('statusBarItem.errorBackground');
    } else {
      this.item.text = `$(pulse) ${status.findings}`;
      this.item.tooltip = `HTTP Resilience: ${findings} in open and scanned files. Click for the log.`;
      this.item.backgroundColor = undefined;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
