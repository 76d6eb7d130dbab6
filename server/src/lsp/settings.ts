/**
 * Settings per document URI, fetched with `workspace/configuration`, cached as a promise and dropped
 * on change ("settings must never be stored in globals on the server"), with the project's
 * `.http-resilience.json` laid over them (engine/project-configs.ts states the precedence).
 */
import type { Connection } from 'vscode-languageserver';
import type { ProjectConfigs } from '../engine/project-configs';
import { withProjectConfig } from '../engine/project-configs';
import { settingsSection } from '@shared/protocol';
import { ruleIds } from '../rules';
import { defaultSettings, normalizeSettings, type Settings } from '@shared/settings';
import { uriToPath } from './convert';

/** Resolves and caches settings per URI. */
export class SettingsCache {
  private readonly cache = new Map<string, Promise<Settings>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canAskClient: () => boolean,
    private readonly configs: ProjectConfigs,
  ) {}

  /** The settings that apply to `uri`; defaults when the client cannot be asked or answers badly. */
  get(uri: string): Promise<Settings> {
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.fetch(uri).then((editor) => this.withConfigFile(uri, editor));
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

  /** The config file's rules and helper path over the editor's; a file its `ignores` name is not analysed. */
  private withConfigFile(uri: string, editor: Settings): Settings {
    const filePath = uriToPath(uri);
    if (!filePath) return editor;
    const settings = withProjectConfig(editor, this.configs.forFile(filePath));
    return this.configs.isIgnored(filePath) ? { ...settings, enable: false } : settings;
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
