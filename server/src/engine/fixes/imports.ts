/** Adding named imports (ESM or CommonJS) to a file with one minimal text edit. */
import type { TextEdit } from '../../shared/edits';

/**
 * An edit that makes `names` available from `specifier`: merged into an existing import of it, or a new
 * import after the file's last import (or `require`) at the top. Undefined when nothing is missing.
 */
export function importEdit(text: string, specifier: string, names: readonly string[], commonJs: boolean): TextEdit | undefined {
  const escaped = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const existing = commonJs
    ? new RegExp(`const\\s*\\{([^}]*)\\}\\s*=\\s*require\\(\\s*['"]${escaped}['"]\\s*\\)`).exec(text)
    : new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${escaped}['"]`).exec(text);
  if (existing) {
    const present = existing[1].split(',').map((part) => part.trim().split(/\s+as\s+|\s*:\s*/)[0]).filter(Boolean);
    const missing = names.filter((name) => !present.includes(name));
    if (missing.length === 0) return undefined;
    const closing = existing.index + existing[0].indexOf('}');
    const before = text.slice(existing.index, closing).trimEnd();
    const at = existing.index + before.length;
    const separator = before.endsWith('{') ? ' ' : before.endsWith(',') ? ' ' : ', ';
    return { start: at, end: at, newText: `${separator}${missing.join(', ')}${before.endsWith('{') ? ' ' : ''}` };
  }
  const statement = commonJs
    ? `const { ${[...names].sort().join(', ')} } = require('${specifier}');\n`
    : `import { ${[...names].sort().join(', ')} } from '${specifier}';\n`;
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
  return leadingPreamble(text);
}

/** An `import …` line, or a `const … = require(…)` line in CommonJS. */
function startsImport(trimmedLine: string, commonJs: boolean): boolean {
  return commonJs ? /^(const|let|var)\s.*\brequire\(/.test(trimmedLine) : /^import[\s{*'"]/.test(trimmedLine);
}

function leadingPreamble(text: string): number {
  const match = /^(#![^\n]*\n)?((\s*\/\/[^\n]*\n)|(\s*\/\*[\s\S]*?\*\/\s*\n)|(\s*['"]use [a-z]+['"];?\s*\n))*/.exec(text);
  return match ? match[0].length : 0;
}
