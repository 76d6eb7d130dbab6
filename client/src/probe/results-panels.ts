/**
 * One results panel per origin: a second probe of the same origin reuses its panel, which shows the
 * previous result marked stale until the new one arrives. The page's buttons come back as messages:
 * "Apply to helper" (probe-panel.ts), "Save to project" (save-profile.ts), "Copy as JSON".
 */
import { randomBytes } from 'node:crypto';
import { type Disposable, env, ViewColumn, type WebviewPanel, window } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ProbeResponse } from '@shared/protocol';
import { applyDisabledBecause, saveDisabledBecause } from './page-text';
import { applyToHelper } from './probe-panel';
import { saveProfile } from './save-profile';
import { type ProbePageMessage, renderProbePage } from './webview-html';

/** The panel of one origin and the result it shows. */
class ResultsPanel {
  private stale = false;

  constructor(
    readonly panel: WebviewPanel,
    private result: ProbeResponse,
    getClient: () => LanguageClient | undefined,
  ) {
    panel.webview.onDidReceiveMessage((message: ProbePageMessage) => {
      // The page disables its buttons; the extension checks again, since a message may come from an older render.
      if (message.type === 'copy') {
        const { unsavableBecause: _editorOnly, ...json } = this.result;
        void env.clipboard.writeText(JSON.stringify(json, null, 2)).then(() => window.showInformationMessage('Probe result copied as JSON.'));
      }
      if (message.type === 'apply') this.unless(applyDisabledBecause(this.result, this.stale), 'apply', () => applyToHelper(this.result));
      if (message.type === 'save') this.unless(saveDisabledBecause(this.result, this.stale), 'save', () => saveProfile(getClient(), this.result));
    });
    this.render();
  }

  private unless(disabledBecause: string | undefined, action: string, run: () => Promise<void>): void {
    if (disabledBecause === undefined) void run();
    else void window.showWarningMessage(`Cannot ${action} this probe result: ${disabledBecause}.`);
  }

  show(result: ProbeResponse): void {
    this.result = result;
    this.stale = false;
    this.render();
    this.panel.reveal(undefined, true);
  }

  /** A new probe of this origin started (true) or ended without a result (false). */
  setStale(stale: boolean): void {
    if (this.stale === stale) return;
    this.stale = stale;
    this.render();
  }

  private render(): void {
    const nonce = randomBytes(16).toString('base64');
    this.panel.webview.html = renderProbePage(this.result, nonce, this.panel.webview.cspSource, { stale: this.stale });
  }
}

/** The open results panels, by origin. */
export class ResultsPanels implements Disposable {
  private readonly byOrigin = new Map<string, ResultsPanel>();

  constructor(private readonly getClient: () => LanguageClient | undefined) {}

  /** Marks the origin's panel, if one is open, as showing a stale result while a new probe runs. */
  probing(origin: string): void {
    this.byOrigin.get(origin)?.setStale(true);
  }

  /** The new probe of `origin` ended without a result: the previous one is current again. */
  failed(origin: string): void {
    this.byOrigin.get(origin)?.setStale(false);
  }

  /** Shows the result in its origin's panel, opening one if there is none. */
  show(result: ProbeResponse): WebviewPanel {
    const existing = this.byOrigin.get(result.origin);
    if (existing) {
      existing.show(result);
      return existing.panel;
    }
    // Focus stays where it was: VS Code drops a pending lens request when its editor loses focus, and the server
    // sent workspace/codeLens/refresh just before this result, so a focused panel would keep the lens's old text.
    const panel = window.createWebviewPanel('httpResilience.probe', `Probe: ${new URL(result.origin).host}`, { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
    });
    this.byOrigin.set(result.origin, new ResultsPanel(panel, result, this.getClient));
    panel.onDidDispose(() => this.byOrigin.delete(result.origin));
    return panel;
  }

  dispose(): void {
    for (const entry of this.byOrigin.values()) entry.panel.dispose();
    this.byOrigin.clear();
  }
}
