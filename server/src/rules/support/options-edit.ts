/**
 * Setting options on a call's options object with minimal text edits, formatted like the object:
 * inline in a one-line literal, one property per line (with the literal's indentation and the file's
 * trailing-comma style) in a multi-line one.
 */
import { propertyNode } from '../../analysis/options';
import { lineIndent } from '../../analysis/syntax';
import { ts } from '../../analysis/ts';
import { codeStyle } from '@shared/code-style';
import type { TextEdit } from '../types';

/**
 * Sets each `name: value` in the options argument at `index` of a call or construction: replaces
 * existing values, adds missing properties (one insertion), or adds the options object. Undefined
 * when the options are not an object literal we can edit.
 */
export function setOptionsEdits(node: ts.CallExpression | ts.NewExpression, index: number, entries: ReadonlyArray<[string, string]>): TextEdit[] | undefined {
  const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const options = args[index];
  if (options) return editLiteral(options, entries);
  const literal = objectLiteralText(entries.map(([name, value]) => `${name}: ${value}`));
  if (args.length !== index) return undefined;
  if (index > 0) {
    const last = args[args.length - 1];
    return [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${literal}` }];
  }
  if (!node.arguments) return [{ start: node.getEnd(), end: node.getEnd(), newText: `(${literal})` }];
  const close = node.getEnd() - 1;
  return [{ start: close, end: close, newText: literal }];
}

/** `{ a: 1, b: 2 }` on one line. */
export function objectLiteralText(properties: readonly string[]): string {
  return properties.length === 0 ? '{}' : `{ ${properties.join(', ')} }`;
}

/**
 * Adds `properties` (source text, `name: value`) at the start of an object literal: after the brace
 * on one line, or each on a line of its own, indented like the other properties, when the literal
 * spans lines.
 */
export function insertPropertiesEdit(literal: ts.ObjectLiteralExpression, properties: readonly string[]): TextEdit {
  const sourceFile = literal.getSourceFile();
  const text = sourceFile.text;
  const open = literal.getStart() + 1;
  const existing = literal.properties;
  const closeBrace = literal.getEnd() - 1;
  const multiLine = text.slice(open, closeBrace).includes('\n');
  const firstOnOwnLine = existing.length === 0 || /\n[ \t]*$/.test(text.slice(open, existing[0].getStart()));
  if (!multiLine || !firstOnOwnLine) {
    const newText = existing.length > 0 ? ` ${properties.join(', ')},` : ` ${properties.join(', ')} `;
    // `{}` or `{ }`: the properties replace the inside, so the spacing stays single.
    return existing.length > 0 ? { start: open, end: open, newText } : { start: open, end: closeBrace, newText };
  }
  const style = codeStyle(text);
  const indent = existing.length > 0 ? lineIndent(text, existing[0].getStart()) : lineIndent(text, literal.getStart()) + style.indentUnit;
  // Before the first property's line, so a comment after the brace stays where it is.
  if (existing.length > 0) {
    const lineStart = text.lastIndexOf('\n', existing[0].getStart() - 1) + 1;
    return { start: lineStart, end: lineStart, newText: properties.map((property) => `${indent}${property},\n`).join('') };
  }
  const lines = properties.map((property, i) => `${indent}${property}${i < properties.length - 1 || style.trailingCommas ? ',' : ''}`);
  return { start: open, end: closeBrace, newText: `\n${lines.join('\n')}\n${lineIndent(text, closeBrace)}` };
}

function editLiteral(options: ts.Expression, entries: ReadonlyArray<[string, string]>): TextEdit[] | undefined {
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [name, value] of entries) {
    const existing = propertyNode(options, name);
    if (existing && ts.isPropertyAssignment(existing)) {
      if (existing.initializer.getText() !== value) edits.push({ start: existing.initializer.getStart(), end: existing.initializer.getEnd(), newText: value });
    } else if (existing) {
      return undefined;
    } else {
      missing.push(`${name}: ${value}`);
    }
  }
  if (missing.length > 0) edits.push(insertPropertiesEdit(options, missing));
  return edits;
}
