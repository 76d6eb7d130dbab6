/**
 * Finds the `.http-resilience.json` that applies to a file (the nearest one above it, or one named
 * explicitly) and applies it to settings. The CLI, the language server and the ESLint plugin all go
 * through here, so a project configured only by the file gets the same findings everywhere.
 *
 * Precedence, lowest first: defaults < editor settings (`httpResilience.*`) < the config file <
 * command-line flags. The file wins over editor settings because it is what CI reads too.
 */
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { diskFileSystem, type FileSystem } from '../analysis/project/file-system';
import { walkUp } from '../analysis/project/walk-up';
import { type ConfigProblem, projectConfigFileName } from '@shared/project-config';
import type { Settings } from '@shared/settings';
import { type ParsedConfig, parseProjectConfig } from './project-config';

/** A configuration file found for a file, with what was wrong in it (already reported once). */
export interface AppliedConfig extends ParsedConfig {
  /** The directory `ignores` and `helperPath` are relative to. */
  dir: string;
}

/** Config files above `64 KiB` are not read (a config is a few lines; anything bigger is a mistake). */
const maxConfigBytes = 64 * 1024;

/** Loads and caches configuration files per directory; tells `onProblems` about each file's problems once per text. */
export class ProjectConfigs {
  private readonly byDirectory = new Map<string, AppliedConfig | null>();
  private readonly ignoreRules = new Map<string, Ignore>();
  private readonly reported = new Map<string, string>();

  constructor(
    private readonly ruleIds: readonly string[],
    private readonly onProblems: (problems: ConfigProblem[]) => void = () => undefined,
    private readonly files: FileSystem = diskFileSystem,
    /** A file named explicitly (`--config`): it applies to every file, and no other is searched for. */
    private readonly explicitFile?: string,
  ) {}

  /** The configuration that applies to `filePath`, or undefined when there is none. */
  forFile(filePath: string): AppliedConfig | undefined {
    if (this.explicitFile !== undefined) return this.load(this.explicitFile) ?? undefined;
    return this.nearest(path.dirname(filePath)) ?? undefined;
  }

  /** Whether an explicitly named config file exists (the CLI says so when it does not). */
  explicitFileExists(): boolean {
    return this.explicitFile === undefined || this.files.readText(this.explicitFile, maxConfigBytes) !== undefined;
  }

  /** Forgets every file read (one changed, appeared or went away). */
  invalidate(): void {
    this.byDirectory.clear();
    this.ignoreRules.clear();
  }

  /** True when the file's `ignores` exclude `filePath`. */
  isIgnored(filePath: string): boolean {
    const applied = this.forFile(filePath);
    if (!applied || applied.config.ignores.length === 0) return false;
    const relative = path.relative(applied.dir, filePath);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
    let rules = this.ignoreRules.get(applied.config.file);
    if (!rules) this.ignoreRules.set(applied.config.file, (rules = ignore().add(applied.config.ignores)));
    return rules.ignores(relative.split(path.sep).join('/'));
  }

  private nearest(start: string): AppliedConfig | null {
    return walkUp(start, this.byDirectory, (dir) => this.load(path.join(dir, projectConfigFileName)) ?? undefined);
  }

  private load(file: string): AppliedConfig | null {
    const text = this.files.readText(file, maxConfigBytes);
    if (text === undefined) return null;
    const parsed = parseProjectConfig(file, text, this.ruleIds);
    if (this.reported.get(file) !== text) {
      this.reported.set(file, text);
      if (parsed.problems.length > 0) this.onProblems(parsed.problems);
    }
    return { ...parsed, dir: path.dirname(file) };
  }
}

/**
 * `settings` with the config file laid over them (the file wins for the rules it names and for the
 * helper path, made absolute from the file's directory), and `overrides` (command-line `--rule`) over both.
 */
export function withProjectConfig(settings: Settings, applied: AppliedConfig | undefined, overrides: Settings['rules'] = {}): Settings {
  const config = applied?.config;
  const helperPath = config?.helperPath !== undefined && applied ? path.join(applied.dir, config.helperPath) : settings.helperPath;
  const rules = { ...settings.rules, ...config?.rules, ...overrides };
  return { ...settings, rules, helperPath };
}
