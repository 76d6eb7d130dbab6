/** Custom protocol shared by the server and the client: command ids, notifications, the settings section. */
import { NotificationType, RequestType, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';
import type { ProbeJson } from './probe/json';

/** The configuration section every setting lives under. */
export const settingsSection = 'httpResilience';

/** Commands the server executes (`workspace/executeCommand`); the client registers them in package.json. */
export namespace Commands {
  /** Analyze every file of the workspace folders and publish diagnostics for the ones not open. */
  export const scanWorkspace = 'httpResilience.scanWorkspace';
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

/** What the probe request returns: the CLI's version-1 JSON (preflight and baseline under `details`). */
export type ProbeResponse = ProbeJson;

/** Sent by the client to probe a live host once the user confirmed; reports work-done progress and honours cancellation. */
export namespace ProbeRequest {
  export const method = 'httpResilience/probe';
  export const type = new RequestType<ProbeParams, ProbeResponse, void>(method);
}
