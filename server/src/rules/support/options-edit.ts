/** Setting options on a call's options object with minimal text edits. */
import { propertyNode } from '../../analysis/options';
import { ts } from '../../analysis/ts';
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
  const literal = `{ ${entries.map(([name, value]) => `${name}: ${value}`).join(', ')} }`;
  if (args.length !== index) return undefined;
  if (index > 0) {
    const last = args[args.length - 1];
    return [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${literal}` }];
  }
  if (!node.arguments) return [{ start: node.getEnd(), end: node.getEnd(), newText: `(${literal})` }];
  const close = node.getEnd() - 1;
  return [{ start: close, end: close, newText: literal }];
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
  if (missing.length > 0) {
    const open = options.getStart() + 1;
    edits.push({ start: open, end: open, newText: options.properties.length > 0 ? ` ${missing.join(', ')},` : ` ${missing.join(', ')} ` });
  }
  return edits;
}
