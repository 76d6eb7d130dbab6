/**
 * Adding named imports (ESM or CommonJS) to a file with one minimal text edit, written the way the file
 * writes its imports: its quotes and semicolons, `import type` for names that are only types.
 */
import { codeStyle, preambleEnd } from '@shared/code-style';
import type { TextEdit } from '@shared/edits';

/** What else an import carries besides value names. */
export interface ImportOptions {
  /** Names used only as types: `import type { … }` when there are no values, else `type X` inside the braces. CommonJS leaves them out. */
  typeNames?: readonly string[];
}

/**
 * An edit that makes `names` available from `specifier`: merged into an existing import of it, or a new
 * import after the file's last import (or `require`) at the top. Undefined when nothing is missing.
 */
export function importEdit(text: string, specifier: string, names: readonly string[], commonJs: boolean, options: ImportOptions = {}): TextEdit | undefined {
  const typeNames = commonJs ? [] : [...(options.typeNames ?? [])].filter((name) => !names.includes(name));
  const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const existing = commonJs
    ? new RegExp(`const\\s*\\{([^}]*)\\}\\s*=\\s*require\\(\\s*['"]${escaped}['"]\\s*\\)`).exec(text)
    : new RegExp(`import\\s+(type\\s+)?\\{([^}]*)\\}\\s*from\\s*['"]${escaped}['"]`).exec(text);
  if (existing) {
    const typeOnly = !commonJs && existing[1] !== undefined;
    const list = commonJs ? existing[1] : existing[2];
    const present = list.split(',').map((part) => part.trim().replace(/^type\s+/, '').split(/\s+as\s+|\s*:\s*/)[0]).filter(Boolean);
    const wanted = [...names.map((name) => (typeOnly ? undefined : name)), ...typeNames.map((name) => (typeOnly ? name : `type ${name}`))];
    // An `import type { … }` cannot take values: those go in an import of their own.
    if (typeOnly && names.some((name) => !present.includes(name))) return newImport(text, specifier, names.filter((name) => !present.includes(name)), [], commonJs);
    const missing = wanted.filter((entry): entry is string => entry !== undefined && !present.includes(entry.replace(/^type\s+/, '')));
    if (missing.length === 0) return undefined;
    const closing = existing.index + existing[0].indexOf('}');
    const before = text.slice(existing.index, closing).trimEnd();
    const at = existing.index + before.length;
    const separator = before.endsWith('{') ? ' ' : before.endsWith(',') ? ' ' : ', ';
    return { start: at, end: at, newText: `${separator}${missing.join(', ')}${before.endsWith('{') ? ' ' : ''}` };
  }
  return newImport(text, specifier, names, typeNames, commonJs);
}

function newImport(text: string, specifier: string, names: readonly string[], typeNames: readonly string[], commonJs: boolean): TextEdit | undefined {
  if (names.length === 0 && typeNames.length === 0) return undefined;
  const style = codeStyle(text);
  const quoted = `${style.quote}${specifier}${style.quote}`;
  const end = style.semicolons ? ';' : '';
  const sortedValues = [...names].sort();
  const sortedTypes = [...typeNames].sort();
  let statement: string;
  if (commonJs) statement = `const { ${sortedValues.join(', ')} } = require(${quoted})${end}\n`;
  else if (sortedValues.length === 0) statement = `import type { ${sortedTypes.join(', ')} } from ${quoted}${end}\n`;
  else statement = `import { ${[...sortedValues, ...sortedTypes.map((name) => `type ${name}`)].join(', ')} } from ${quoted}${end}\n`;
  const at = insertionPoint(text, commonJs);
  // The file's first import: keep a blank line between it and the code that follows.
  const previousLine = text.slice(text.lastIndexOf('\n', at - 2) + 1, at).trim();
  const firstImport = !startsImport(previousLine, commonJs);
  const spacer = firstImport && at < text.length && text[at] !== '\n' ? '\n' : '';
  return { start: at, end: at, newText: statement + spacer };
}

/** After the last top-of-file import/require line, else after a shebang, directives and leading comments. */
function insertionPoint(text: string, commonJs: boolean): number {
  const lines = text.split('\n');
  let offset = 0;
  let after = -1;
  let inImport = false;
  for (const line of lines) {
    const next = offset + line.length + 1;
    const trimmed = line.trim();
    const starts = startsImport(trimmed, commonJs);
    if (starts || inImport) {
      inImport = !/['"];?\s*$/.test(trimmed) && !/\)\s*;?\s*$/.test(trimmed);
      after = next;
    } else if (after >= 0 && trimmed !== '') {
      break;
    }
    offset = next;
  }
  if (after >= 0) return Math.min(after, text.length);
  return preambleEnd(text);
}

/** An `import …` line, or a `const … = require(…)` line in CommonJS. */
function startsImport(trimmedLine: string, commonJs: boolean): boolean {
  return commonJs ? /^(const|let|var)\s.*\brequire\(/.test(trimmedLine) : /^import[\s{*'"]/.test(trimmedLine);
}
