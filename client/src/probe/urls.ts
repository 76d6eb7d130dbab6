/**
 * URLs the probe command may offer: http(s) only, without userinfo, checked by the same parser the
 * server's probe uses (server/src/probe/target.ts), so what the user is shown is what gets probed.
 */
import { parseTarget } from '@shared/probe/target';

/** http(s) URLs in source text, up to a quote, bracket or white space. */
export const urlPattern = () => /https?:\/\/[^\s'"`<>()\\]+/g;

/** The URL as the probe sees it (origin and path, no userinfo, no fragment), or undefined when it cannot be probed. */
export function cleanUrl(text: string): string | undefined {
  try {
    return probeable(text);
  } catch {
    return undefined;
  }
}

/** Why `text` cannot be probed, in the parser's words; undefined when it can. */
export function urlProblem(text: string): string | undefined {
  try {
    probeable(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What the URL input box shows under the input: nothing while it is empty (before anything is typed), else urlProblem. */
export function inputProblem(value: string): string | undefined {
  const text = value.trim();
  return text === '' ? undefined : urlProblem(text);
}

function probeable(text: string): string {
  // A template literal's URL ends where its first substitution starts.
  const target = parseTarget(text.replace(/\$\{.*$/, ''));
  return `${target.origin}${target.path}`;
}

/** The distinct probeable URLs written in a text (the first 200). */
export function urlsInText(text: string): string[] {
  const urls = new Set<string>();
  for (const match of text.matchAll(urlPattern())) {
    const url = cleanUrl(match[0]);
    if (url) urls.add(url);
    if (urls.size >= 200) break;
  }
  return [...urls];
}
