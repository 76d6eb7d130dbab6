/**
 * Bounds for the names a rule puts into its message placeholders, so every message stays within 140
 * characters however long the code is (server/test/message-length.test.ts fills each placeholder with a
 * value of its bound's length). Longer text is cut with an ellipsis, white space runs collapsed.
 */
import type { ts } from '../../analysis/ts';
import { shortText } from '../../analysis/syntax';

/** The longest value, in characters, of each kind of placeholder. */
export const placeholderBounds = {
  /** A code excerpt: a call, an expression, a label such as `this.github.repository`, a collection. */
  code: 20,
  /** A function, variable or library name. */
  name: 20,
  /** A host (and port) from a server profile. */
  host: 24,
  /** A number, as written in code (`10_000`), up to `999_999`. */
  number: 7,
} as const;

/** `text` on one line, at most `max` characters (an ellipsis ends a cut). */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A node's code text, cut to the code bound. */
export function codeOf(node: ts.Node): string {
  return shortText(node, placeholderBounds.code);
}

/** Code text already taken from the source (a label, a `new Agent`), cut to the code bound. */
export function codeText(text: string): string {
  return clip(text, placeholderBounds.code);
}

/** A function, variable or library name, cut to the name bound. */
export function nameText(text: string): string {
  return clip(text, placeholderBounds.name);
}

/** A host, cut to the host bound. */
export function hostText(text: string): string {
  return clip(text, placeholderBounds.host);
}

/** A phrase the analysis wrote (`listed by \`auth.getOrganizationMemberList()\``) with each code span cut to the code bound. */
export function codeSpansText(phrase: string): string {
  return phrase.replace(/`([^`]*)`/g, (_whole, code: string) => `\`${clip(code, placeholderBounds.code)}\``);
}
