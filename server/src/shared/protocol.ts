/** Custom protocol shared by the server and the client: command ids, notifications, the settings section. */
import { NotificationType, RequestType, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { ProbeJson } from './probe/json';

/** The configuration section every setting lives under. */
export const settingsSection = 'httpResilience';

/** Commands the server executes (`workspace/executeCommand`); the client registers them in package.json. */
export namespace Commands {
  /** Analyze every file of the workspace folders and publish diagnostics for the ones not open. */
  export const scanWorkspace = 'httpResilience.scanWorkspace';
  /** Opens a rule's documentation (argument: the rule id); VS Code shows the page shipped in the .vsix in a Markdown preview. */
  export const openRuleDocs = 'httpResilience.openRuleDocs';
}

/** What the scan command returns. */
export interface ScanResult {
  filesAnalyzed: number;
  filesWithFindings: number;
  findings: number;
  /** Files skipped: unparsable, unreadable, too large or binary. */
  skipped: number;
  cancelled: boolean;
}

/** The server's analysis state, for the status bar. */
export interface StatusParams {
  state: 'analyzing' | 'ready' | 'error';
  /** Findings currently published, over all files. */
  findings: number;
  message?: string;
}

/** Sent by the server whenever its state or its number of findings changes. */
export namespace StatusNotification {
  export const method = 'httpResilience/status';
  export const type = new NotificationType<StatusParams>(method);
}

/** Commands the client implements; the server's code actions and lenses point at them. */
export namespace ClientCommands {
  /** Probe the host of a URL, arguments `[url: string]`: the client shows what will be sent, asks, then sends ProbeRequest. */
  export const probeHost = 'httpResilience.probeHost';
}

/** What the client asks the probe for; limits are clamped by the server to the absolute maxima (docs/probe.md). */
export interface ProbeParams extends WorkDoneProgressParams {
  url: string;
  limits?: { maxRequests?: number; maxConcurrency?: number; idleWaitSeconds?: number };
  method?: 'GET' | 'HEAD';
  /** PEM text of certificates to trust (a self-signed or private CA). */
  ca?: string;
}

/**
 * What the probe request returns: the CLI's version-1 JSON (preflight and baseline under `details`), and,
 * only in the editor, why "Save to project" cannot save this result (absent when it can).
 */
export type ProbeResponse = ProbeJson & { unsavableBecause?: string };

/** Sent by the client to probe a live host once the user confirmed; reports work-done progress and honours cancellation. */
export namespace ProbeRequest {
  export const method = 'httpResilience/probe';
  export const type = new RequestType<ProbeParams, ProbeResponse, void>(method);
}

/** "Save to project": which origin's latest probe result to save, and the workspace folder whose config file receives it. */
export interface SaveProfileParams {
  origin: string;
  /** The folder to save in (its nearest `.http-resilience.json`, else a new one there); the first workspace folder when absent. */
  folderUri?: string;
}

/** Where the profile went; `replaced` when the file already had an entry for the origin. */
export interface SaveProfileResult {
  uri: string;
  replaced: boolean;
}

/** Sent by the client when the user clicks "Save to project": the server writes the origin's entry and re-lints the workspace. */
export namespace SaveProfileRequest {
  export const method = 'httpResilience/saveProfile';
  export const type = new RequestType<SaveProfileParams, SaveProfileResult, void>(method);
}
