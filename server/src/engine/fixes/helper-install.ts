/**
 * Plans installing the bundled helper for a fix: create the helper file (never overwrite one that is
 * there), import the names the fix uses with the right relative path and module style, and add
 * `undici` to the nearest package.json. Pure planning: returns plain-data edits.
 */
import * as path from 'node:path';
import type { TextEdit } from '@shared/edits';
import { type HelperFlavor, helperVersion } from './helper-template';
import { importEdit } from './imports';
import { aliasSpecifier, isEsmFile, moduleSettingsFor, moduleSpecifiers, siblingExtension } from './project-conventions';

/** What installing the helper changes, by absolute path. */
export interface HelperPlan {
  /** The helper file to create, when it is not there yet. */
  create?: { path: string; text: string };
  /** Text edits per existing file (the user file's import, package.json). */
  edits: Map<string, TextEdit[]>;
  /** Things the user should know (an existing helper of another version, a missing template). */
  notes: string[];
  /** False when the helper is neither there nor installable: fixes that import from it must not be applied. */
  available: boolean;
}

/** Everything planning needs; file access is injected so the LSP can read open documents. */
export interface HelperRequest {
  filePath: string;
  fileText: string;
  /** Names to import (`mapLimit`, `withRetry`). */
  names: readonly string[];
  /** Names of types to import (`RetryOptions`): `import type` when there are only types. */
  typeNames?: readonly string[];
  /** The configured helper location, absolute (its extension is adjusted to the project's module style). */
  helperPath: string;
  readFile: (filePath: string) => string | undefined;
  template: (flavor: HelperFlavor) => string | undefined;
}

/** The undici range the helper is written against (Node ≥ 20.18). */
export const undiciRange = '^7.0.0';

/** Plans the helper installation for one fix (or a batch of fixes in one file). */
export function planHelperInstall(request: HelperRequest): HelperPlan {
  const plan: HelperPlan = { edits: new Map(), notes: [], available: true };
  const manifest = nearestPackageJson(request.filePath, request.readFile);
  const flavor = flavorOf(request.filePath, request.fileText, manifest && packageType(manifest.text));
  const helperFile = withExtension(request.helperPath, flavor);
  // The helper itself (or a copy of it) never imports from the helper: such a fix is not for it.
  if (request.filePath.replace(/\.[cm]?[jt]s$/, '') === helperFile.replace(/\.[cm]?[jt]s$/, '') || helperVersion(request.fileText) !== undefined) {
    plan.notes.push(`${request.filePath} is the http-resilience helper; fixes that import from it are not applied there`);
    plan.available = false;
    return plan;
  }
  const existing = request.readFile(helperFile);
  if (existing === undefined) {
    const text = request.template(flavor);
    if (text === undefined) {
      plan.notes.push(`this installation has no ${flavor} form of the helper`);
      plan.available = false;
      return plan;
    }
    plan.create = { path: helperFile, text };
  } else if (helperVersion(existing) === undefined) {
    plan.notes.push(`${helperFile} exists and is not the http-resilience helper; it was left alone`);
    plan.available = false;
    return plan;
  } else {
    const missing = [...request.names, ...(request.typeNames ?? [])].filter((name) => !new RegExp(`export\\s+(async\\s+)?(function|const|class|interface|type)\\s+${name}\\b|exports\\.${name}\\b`).test(existing));
    if (missing.length > 0) {
      plan.notes.push(`${helperFile} is an older or modified helper without ${missing.join(', ')}; it was left alone`);
      plan.available = false;
      return plan;
    }
  }
  const specifier = importSpecifier(request.filePath, request.fileText, helperFile, flavor, request.readFile, manifest && packageType(manifest.text));
  const edit = importEdit(request.fileText, specifier, request.names, flavor === 'cjs', { typeNames: request.typeNames });
  if (edit) plan.edits.set(request.filePath, [edit]);
  if (manifest) {
    const dependencyEdit = addDependencyEdit(manifest.text, 'undici', undiciRange);
    if (dependencyEdit) plan.edits.set(manifest.path, [dependencyEdit]);
  }
  return plan;
}

/**
 * TypeScript files get the .ts helper. A JavaScript file gets the module style it is written in: ESM for
 * `import`/`export`, CommonJS for `require`/`module.exports`; a file with neither gets what Node would run
 * it as (`.mjs`/`.cjs`, else the package's `"type"`, which defaults to CommonJS).
 */
export function flavorOf(filePath: string, text: string, type?: 'module' | 'commonjs'): HelperFlavor {
  const extension = path.extname(filePath);
  if (['.ts', '.tsx', '.mts', '.cts'].includes(extension)) return 'ts';
  if (extension === '.cjs') return 'cjs';
  if (extension === '.mjs') return 'mjs';
  if (/^\s*(import|export)\s/m.test(text)) return 'mjs';
  if (/\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]+\s*=/.test(text)) return 'cjs';
  return type === 'module' ? 'mjs' : 'cjs';
}

/** The `"type"` of a package.json text; undefined when absent or unreadable. */
function packageType(manifest: string): 'module' | 'commonjs' | undefined {
  try {
    const type = (JSON.parse(manifest) as { type?: unknown }).type;
    return type === 'module' || type === 'commonjs' ? type : undefined;
  } catch {
    return undefined;
  }
}

function withExtension(helperPath: string, flavor: HelperFlavor): string {
  const stem = helperPath.replace(/\.[cm]?[jt]s$/, '');
  return `${stem}.${flavor}`;
}

/**
 * How the file names the helper: the specifier of an import of it the file already has; else the alias
 * the file reaches the helper's folder with (tsconfig `paths`); else the relative path, with the file name
 * for JavaScript and, for TypeScript, the extension the project needs: `.js` where Node resolves the file
 * as an ES module (`module`/`moduleResolution` `node16`/`nodenext`), `.ts` where the project imports `.ts`
 * files, otherwise whatever the file's own relative imports do (none when it has none).
 */
function importSpecifier(filePath: string, text: string, helperFile: string, flavor: HelperFlavor, readFile: (filePath: string) => string | undefined, type?: 'module' | 'commonjs'): string {
  const existing = existingHelperSpecifier(filePath, text, helperFile);
  if (existing) return existing;
  let relative = path.relative(path.dirname(filePath), helperFile).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  if (flavor !== 'ts') return relative;
  const settings = moduleSettingsFor(filePath, readFile);
  const alias = aliasSpecifier(text, settings, helperFile);
  if (alias) return alias;
  const stem = relative.replace(/\.ts$/, '');
  const siblings = siblingExtension(text);
  const nodeEsm = (settings.moduleResolution === 'node16' || settings.moduleResolution === 'nodenext') && isEsmFile(filePath, type);
  if (siblings === '.ts' && settings.tsExtensions) return `${stem}.ts`;
  if (nodeEsm) return `${stem}.js`;
  return siblings === '.js' ? `${stem}.js` : stem;
}

/** The specifier of an import (or `require`) in the file that already names `helperFile`, with or without its extension. */
function existingHelperSpecifier(filePath: string, text: string, helperFile: string): string | undefined {
  const stem = helperFile.replace(/\.[cm]?[jt]s$/, '');
  return moduleSpecifiers(text).find((specifier) => specifier.startsWith('.') && path.resolve(path.dirname(filePath), specifier).replace(/\.[cm]?[jt]s$/, '') === stem);
}

function nearestPackageJson(filePath: string, readFile: (filePath: string) => string | undefined): { path: string; text: string } | undefined {
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    const text = readFile(candidate);
    if (text !== undefined) return { path: candidate, text };
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Adds `"name": "range"` to `dependencies` with a minimal text edit; undefined when already declared or unparsable. */
export function addDependencyEdit(manifest: string, name: string, range: string): TextEdit | undefined {
  let parsed: Record<string, Record<string, string> | undefined>;
  try {
    parsed = JSON.parse(manifest) as typeof parsed;
  } catch {
    return undefined;
  }
  if (['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((key) => parsed[key]?.[name])) return undefined;
  const indent = /\n([ \t]+)"/.exec(manifest)?.[1] ?? '  ';
  const block = /"dependencies"\s*:\s*\{/.exec(manifest);
  if (block) {
    const at = block.index + block[0].length;
    const empty = /^\s*\}/.test(manifest.slice(at));
    return { start: at, end: at, newText: `\n${indent}${indent}"${name}": "${range}"${empty ? `\n${indent}` : ','}` };
  }
  const close = manifest.lastIndexOf('}');
  const beforeClose = manifest.slice(0, close).trimEnd();
  const comma = beforeClose.endsWith('{') ? '' : ',';
  return { start: beforeClose.length, end: beforeClose.length, newText: `${comma}\n${indent}"dependencies": {\n${indent}${indent}"${name}": "${range}"\n${indent}}` };
}
