/** Settings shared by the CLI and the language server (`httpResilience.*` in VS Code). */

/** How loudly a rule reports; `off` disables it. */
export type SeverityLevel = 'off' | 'info' | 'warning' | 'error';

/** A severity a finding can actually carry. */
export type Severity = Exclude<SeverityLevel, 'off'>;

/** The `httpResilience` settings object, resolved per file. */
export interface Settings {
  /** Master switch: when false nothing is reported. */
  enable: boolean;
  /** Per-rule overrides; rules not named keep their default severity. */
  rules: Record<string, SeverityLevel>;
}

/** The settings a file gets when nothing is configured. */
export const defaultSettings: Settings = { enable: true, rules: {} };

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
  const settings: Settings = { enable: true, rules: {} };
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
  return { settings, problems };
}
