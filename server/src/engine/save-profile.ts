/**
 * Writes a server profile into `.http-resilience.json`: only the `servers["<origin>"]` entry changes, and
 * the rest of the file (other origins, rules, its layout) stays byte for byte as it was, so the diff of a
 * save is that entry alone.
 */
import { type Node as JsonNode, type ParseError, parseTree } from 'jsonc-parser';
import { originKey } from '../analysis/project/known-servers';
import type { ServerProfile } from '@shared/project-config';

/** The new text of a config file (`existing` undefined: a new file) with `origin`'s profile replaced. Throws on a file that is not a JSON object. */
export function withServerProfile(existing: string | undefined, origin: string, profile: ServerProfile): string {
  const key = originKey(origin);
  if (key === undefined) throw new Error(`${origin} is not an http(s) origin`);
  const text = existing === undefined || existing.trim() === '' ? '{}\n' : existing;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true });
  if (errors.length > 0 || root?.type !== 'object') throw new Error('it is not a valid JSON object; fix it first, nothing was changed');
  const servers = propertyNamed(root, 'servers');
  const updated =
    servers && servers.type === 'object' ? setProperty(text, servers, key, profile) : setProperty(text, root, 'servers', { [key]: profile });
  return updated.endsWith('\n') ? updated : `${updated}\n`;
}

function propertyNamed(object: JsonNode, name: string): JsonNode | undefined {
  return object.children?.find((property) => property.children?.[0]?.value === name)?.children?.[1];
}

/** Sets `key` in the object at `object`: replaces the value in place, or appends a property indented like its siblings. */
function setProperty(text: string, object: JsonNode, key: string, value: unknown): string {
  const properties = object.children ?? [];
  const indent = propertyIndent(text, object);
  const rendered = JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
  const existing = properties.find((property) => property.children?.[0]?.value === key)?.children?.[1];
  if (existing) return text.slice(0, existing.offset) + rendered + text.slice(existing.offset + existing.length);
  const entry = `${JSON.stringify(key)}: ${rendered}`;
  const last = properties.at(-1);
  if (last) {
    const end = last.offset + last.length;
    return `${text.slice(0, end)},\n${indent}${entry}${text.slice(end)}`;
  }
  const closing = lineIndent(text, object.offset);
  return `${text.slice(0, object.offset)}{\n${indent}${entry}\n${closing}}${text.slice(object.offset + object.length)}`;
}

/** The indentation of the object's properties: that of its first property on its own line, else the object's line plus two spaces. */
function propertyIndent(text: string, object: JsonNode): string {
  for (const property of object.children ?? []) {
    const start = text.lastIndexOf('\n', property.offset - 1) + 1;
    const before = text.slice(start, property.offset);
    if (/^[ \t]*$/.test(before)) return before;
  }
  return `${lineIndent(text, object.offset)}  `;
}

function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}
