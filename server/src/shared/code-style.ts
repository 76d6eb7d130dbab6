/**
 * How a file is formatted, read from its text: quotes, semicolons, the indentation unit and trailing
 * commas. Fixes write inserted code the way the code around it is written (a Prettier-formatted file
 * without semicolons gets none; a four-space file gets four spaces).
 */

/** The formatting conventions of one file. */
export interface CodeStyle {
  /** The quote of string literals (imports first). */
  quote: "'" | '"';
  /** Statements end with `;`. */
  semicolons: boolean;
  /** One level of indentation: two or four spaces, or a tab. */
  indentUnit: string;
  /** Multi-line object and array literals end their last element with a comma. */
  trailingCommas: boolean;
}

let last: { text: string; style: CodeStyle } | undefined;

/** The style of `text`; the defaults (single quotes, semicolons, two spaces, trailing commas) where the file says nothing. */
export function codeStyle(text: string): CodeStyle {
  if (last?.text === text) return last.style;
  const style: CodeStyle = { quote: quoteOf(text), semicolons: usesSemicolons(text), indentUnit: indentUnitOf(text), trailingCommas: usesTrailingCommas(text) };
  last = { text, style };
  return style;
}

/** `;` or nothing, as the file ends its statements. */
export function statementEnd(text: string): string {
  return codeStyle(text).semicolons ? ';' : '';
}

/** `'x'` or `"x"`, as the file quotes its strings. */
export function quoted(text: string, value: string): string {
  const quote = codeStyle(text).quote;
  return `${quote}${value.replaceAll('\\', '\\\\').replaceAll(quote, `\\${quote}`)}${quote}`;
}

function quoteOf(text: string): "'" | '"' {
  const single = count(text, /\b(?:from|require\(|import\()\s*'/g);
  const double = count(text, /\b(?:from|require\(|import\()\s*"/g);
  if (single !== double) return double > single ? '"' : "'";
  return count(text, /"[^"\n\\]*"/g) > count(text, /'[^'\n\\]*'/g) ? '"' : "'";
}

/** Lines that end a statement: with `;`, or bare after an identifier, a literal or a closing paren. */
function usesSemicolons(text: string): boolean {
  let withSemicolon = 0;
  let without = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trimEnd();
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('*') || trimmed.startsWith('/*')) continue;
    if (line.endsWith(';')) withSemicolon++;
    else if (/^(import|export|const|let|var|return|throw|await)\b/.test(trimmed) && /[\w'"`)\]]$/.test(line)) without++;
  }
  return withSemicolon >= without;
}

function indentUnitOf(text: string): string {
  let smallest: number | undefined;
  let tabs = 0;
  let spaces = 0;
  for (const line of text.split('\n')) {
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent === '' || line.trim() === '' || line.trimStart().startsWith('*')) continue;
    if (indent.startsWith('\t')) {
      tabs++;
      continue;
    }
    spaces++;
    if (smallest === undefined || indent.length < smallest) smallest = indent.length;
  }
  if (tabs > spaces) return '\t';
  return smallest === 4 ? '    ' : '  ';
}

function usesTrailingCommas(text: string): boolean {
  const withComma = count(text, /,[ \t]*\n[ \t]*[}\]]/g);
  const without = count(text, /[\w'"`)\]}][ \t]*\n[ \t]*[}\]]\s*[),;]/g);
  return withComma >= without;
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Where a new first import goes: after a shebang, `'use strict'`, pragmas (`// @ts-check`) and the header
 * comments — but before a JSDoc block right above the first statement, which documents that statement.
 */
export function preambleEnd(text: string): number {
  let offset = 0;
  let end = 0;
  if (text.startsWith('#!')) offset = end = lineEndAfter(text, 0);
  for (;;) {
    const rest = text.slice(offset);
    const blank = /^[ \t]*\r?\n/.exec(rest);
    if (blank) {
      offset += blank[0].length;
      continue;
    }
    const comment = /^[ \t]*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)[ \t]*(\r?\n|$)/.exec(rest);
    const directive = /^[ \t]*(['"])use [a-z]+\1;?[ \t]*(\r?\n|$)/.exec(rest);
    if (directive) {
      offset = end = offset + directive[0].length;
      continue;
    }
    if (!comment) return end;
    const after = offset + comment[0].length;
    // A JSDoc block right above the code documents that code; line comments and other blocks are the header.
    const attachedDoc = comment[1].startsWith('/**') && !/^[ \t]*(\r?\n|$)/.test(text.slice(after)) && !/^[ \t]*(\/\/|\/\*)/.test(text.slice(after));
    if (attachedDoc) return end;
    end = after;
    offset = after;
  }
}

function lineEndAfter(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline + 1;
}
