/** Custom protocol shared by the server and the client: command ids, notifications, the settings section. */
import { NotificationType } from 'vscode-languageserver-protocol';

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
