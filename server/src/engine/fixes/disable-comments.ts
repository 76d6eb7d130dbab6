/** The "Disable <rule> for this line / for this file" fixes. */
import type { Fix } from '@shared/edits';

/** Inserts (or extends) a `// http-resilience-disable-next-line` comment above the finding's line. */
export function disableLineFix(text: string, findingStart: number, ruleId: string): Fix {
  const lineStart = text.lastIndexOf('\n', findingStart - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  const previousEnd = lineStart - 1;
  const previousStart = text.lastIndexOf('\n', previousEnd - 1) + 1;
  const previous = previousEnd > 0 ? text.slice(previousStart, previousEnd) : '';
  const existing = /\/\/\s*http-resilience-disable-next-line\b(.*)$/.exec(previous);
  const title = `Disable ${ruleId} for this line`;
  if (existing && existing[1].trim() !== '') {
    const end = previousStart + previous.trimEnd().length;
    return { title, edits: [{ start: end, end, newText: `, ${ruleId}` }] };
  }
  return { title, edits: [{ start: lineStart, end: lineStart, newText: `${indent}// http-resilience-disable-next-line ${ruleId}\n` }] };
}

/** Inserts a `/* http-resilience-disable <rule> *\/` comment at the top of the file (after a shebang). */
export function disableFileFix(text: string, ruleId: string): Fix {
  const start = text.startsWith('#!') ? text.indexOf('\n') + 1 : 0;
  return { title: `Disable ${ruleId} for this file`, edits: [{ start, end: start, newText: `/* http-resilience-disable ${ruleId} */\n` }] };
}
