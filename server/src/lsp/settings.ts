/**
 * Settings per document URI, fetched with `workspace/configuration`, cached as a promise and dropped
 * on change ("settings must never be stored in globals on the server").
 */
import type { Connection } from 'vscode-languageserver';
import { settingsSection } from '../shared/protocol';
import { ruleIds } from '../rules';
import { defaultSettings, normalizeSettings, type Settings } from '../shared/settings';

/** Resolves and caches settings per URI. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canAskClient: () => boolean,
  ) {}

  /** The settings that apply to `uri`; defaults when the client cannot be asked or answers badly. */
  get(uri: string): Promise<Settings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.fetch(uri);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  /** Forgets everything (configuration changed). */
  clear(): void {
    this.cache.clear();
  }

  /** Forgets one document's settings (closed). */
  delete(uri: string): void {
    this.cache.delete(uri);
  }

  private async fetch(uri: string): Promise<Settings> {
    if (!this.canAskClient()) return defaultSettings;
    let raw: unknown;
    try {
      raw = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: settingsSection });
    } catch (error) {
      this.connection.console.error(`Could not read settings for ${uri}: ${String(error)}`);
      return defaultSettings;
    }
    const { settings, problems } = normalizeSettings(raw, ruleIds);
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.connection.console.warn(`httpResilience settings: ${problem} (ignored)`);
    }
    return settings;
  }
}
