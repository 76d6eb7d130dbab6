/** Settings shared by the CLI and the language server (`httpResilience.*` in VS Code). */

/** How loudly a rule reports; `off` disables it. */
export type SeverityLevel = 'off' | 'info' | 'warning' | 'error';

/** A severity a finding can actually carry. */
export type Severity = Exclude<SeverityLevel, 'off'>;

/** How the language server scans files that are not open. */
export interface ScanSettings {
  /** Scan the workspace when the server starts (skipped above `maxFiles`). */
  onStartup: boolean;
  /** Workspaces with more analyzable files than this are not scanned automatically. */
  maxFiles: number;
}

/** The `httpResilience` settings object, resolved per file. */
export interface Settings {
  /** Master switch: when false nothing is reported. */
  enable: boolean;
  /** Per-rule overrides; rules not named keep their default severity. */
  rules: Record<string, SeverityLevel>;
  /** Workspace scan behaviour (language server only). */
  scan: ScanSettings;
  /** Where quick fixes put the resilient HTTP helper, relative to the workspace folder. */
  helperPath: string;
}

/** The settings a file gets when nothing is configured. */
export const defaultSettings: Settings = {
  enable: true,
  rules: {},
  scan: { onStartup: true, maxFiles: 3000 },
  helperPath: 'src/resilient-http.ts',
};

const severityLevels: readonly SeverityLevel[] = ['off', 'info', 'warning', 'error'];

/** True when `value` is one of the accepted severity words. */
export function isSeverityLevel(value: unknown): value is SeverityLevel {
  return typeof value === 'string' && (severityLevels as readonly string[]).includes(value);
}

/** Orders severities so that `error` > `warning` > `info` > `off`. */
export function severityRank(level: SeverityLevel): number {
  return severityLevels.indexOf(level);
}

/**
 * Turns untrusted input (a VS Code configuration object, CLI flags) into Settings.
 * Unknown keys and bad values are dropped and described in `problems`, never thrown.
 */
export function normalizeSettings(input: unknown, knownRuleIds: readonly string[]): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  const settings: Settings = { ...defaultSettings, rules: {}, scan: { ...defaultSettings.scan } };
  if (input === undefined || input === null) return { settings, problems };
  if (typeof input !== 'object') {
    problems.push(`settings must be an object, got ${typeof input}`);
    return { settings, problems };
  }
  const raw = input as Record<string, unknown>;
  if (raw.enable !== undefined) {
    if (typeof raw.enable === 'boolean') settings.enable = raw.enable;
    else problems.push(`"enable" must be true or false, got ${JSON.stringify(raw.enable)}`);
  }
  if (raw.rules !== undefined) {
    if (typeof raw.rules !== 'object' || raw.rules === null) {
      problems.push(`"rules" must be an object of rule id to severity`);
    } else {
      for (const [id, level] of Object.entries(raw.rules as Record<string, unknown>)) {
        if (!knownRuleIds.includes(id)) problems.push(`unknown rule "${id}"`);
        else if (!isSeverityLevel(level)) problems.push(`rule "${id}": severity must be off, info, warning or error, got ${JSON.stringify(level)}`);
        else settings.rules[id] = level;
      }
    }
  }
  readScan(raw.scan, settings, problems);
  if (raw.helperPath !== undefined) {
    if (typeof raw.helperPath === 'string' && raw.helperPath.trim() !== '' && !raw.helperPath.includes('..')) settings.helperPath = raw.helperPath.trim();
    else problems.push(`"helperPath" must be a relative path inside the workspace, got ${JSON.stringify(raw.helperPath)}`);
  }
  return { settings, problems };
}

function readScan(value: unknown, settings: Settings, problems: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null) {
    problems.push('"scan" must be an object');
    return;
  }
  const scan = value as Record<string, unknown>;
  if (scan.onStartup !== undefined) {
    if (typeof scan.onStartup === 'boolean') settings.scan.onStartup = scan.onStartup;
    else problems.push(`"scan.onStartup" must be true or false, got ${JSON.stringify(scan.onStartup)}`);
  }
  if (scan.maxFiles !== undefined) {
    if (typeof scan.maxFiles === 'number' && Number.isInteger(scan.maxFiles) && scan.maxFiles >= 0) settings.scan.maxFiles = scan.maxFiles;
    else problems.push(`"scan.maxFiles" must be a non-negative integer, got ${JSON.stringify(scan.maxFiles)}`);
  }
}
