/** Runs the rules over one file: settings, browser applicability, suppression, guarded execution. */
import { ts } from '../analysis/ts';
import { rules } from '../rules';
import type { Finding, Rule, RuleContext } from '../rules/types';
import type { Settings } from '@shared/settings';
import type { FileAnalysis } from '../analysis/file-analysis';
import type { Range, ReportedFinding } from '@shared/findings';
import { isSuppressed, readSuppressions } from './suppression';

/** Receives a line about a rule that threw; the file and the other rules carry on. */
export type Logger = (message: string) => void;

/** The findings of every enabled rule for one file. Never throws because of user code. */
export function analyzeFile(
  file: FileAnalysis,
  settings: Settings,
  log: Logger = () => undefined,
  ruleSet: readonly Rule[] = rules,
): ReportedFinding[] {
  if (!settings.enable) return [];
  // Read once: it asks the import graph, and every rule would ask again.
  const environment = file.environment;
  // Test code talks to test servers under the runner's timeouts; load-resilience findings there are noise.
  if (environment === 'test') return [];
  const suppressions = readSuppressions(file.sourceFile);
  const reported: ReportedFinding[] = [];
  for (const rule of ruleSet) {
    const severity = settings.rules[rule.meta.id] ?? rule.meta.severity;
    if (severity === 'off') continue;
    if (environment === 'browser' && !rule.meta.appliesToBrowser) continue;
    for (const finding of runRule(rule, file, log)) {
      const range = rangeOf(file.sourceFile, finding.start, finding.end);
      // Disable comments are placed by TypeScript's line count (readSuppressions): compare in the same count.
      const line = suppressions.lines.size > 0 ? file.sourceFile.getLineAndCharacterOfPosition(finding.start).line : range.start.line;
      if (isSuppressed(suppressions, finding.ruleId, line)) continue;
      reported.push({
        ruleId: finding.ruleId,
        severity,
        message: renderMessage(rule.meta.messages[finding.messageId] ?? finding.messageId, finding.data),
        file: file.path,
        range,
        start: finding.start,
        end: finding.end,
        related: (finding.related ?? []).map((related) => ({
          file: related.file,
          range: relatedRange(file, related.file, related.start, related.end),
          message: related.message,
        })),
        ...(finding.fix ? { fix: finding.fix } : {}),
      });
    }
  }
  return reported.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
}

function runRule(rule: Rule, file: FileAnalysis, log: Logger): Finding[] {
  const findings: Finding[] = [];
  const context: RuleContext = {
    file,
    report(at, messageId, data = {}, extra = {}) {
      const start = 'kind' in at ? (at).getStart(file.sourceFile) : at.start;
      const end = 'kind' in at ? (at).getEnd() : at.end;
      findings.push({ ruleId: rule.meta.id, messageId, start, end, data, ...extra });
    },
  };
  try {
    rule.check(context);
  } catch (error) {
    log(`rule ${rule.meta.id} failed on ${file.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return [];
  }
  return findings;
}

/** Fills `{{name}}` placeholders. */
export function renderMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}

/**
 * Zero-based line/character (UTF-16) range of an offset span, with lines as editors and LSP count them:
 * broken by `\n`, `\r\n` and `\r` only. TypeScript also breaks lines at U+2028 and U+2029, which would put
 * every finding after one on the wrong line in the editor.
 */
export function rangeOf(sourceFile: ts.SourceFile, start: number, end: number): Range {
  return { start: positionOf(sourceFile, start), end: positionOf(sourceFile, end) };
}

/** Line starts by the editors' count, for the files whose count differs from TypeScript's; null for the others. */
const editorLineStarts = new WeakMap<ts.SourceFile, readonly number[] | null>();

function positionOf(sourceFile: ts.SourceFile, offset: number): Range['start'] {
  let starts = editorLineStarts.get(sourceFile);
  if (starts === undefined) {
    starts = /[\u2028\u2029]/.test(sourceFile.text) ? lineStarts(sourceFile.text) : null;
    editorLineStarts.set(sourceFile, starts);
  }
  if (starts === null) return sourceFile.getLineAndCharacterOfPosition(offset);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low] };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 13 /* \r */) {
      if (text.charCodeAt(index + 1) === 10) index++;
      starts.push(index + 1);
    } else if (code === 10 /* \n */) {
      starts.push(index + 1);
    }
  }
  return starts;
}

function relatedRange(file: FileAnalysis, relatedPath: string, start: number, end: number): Range {
  const source = relatedPath === file.path ? file : file.project.getFile(relatedPath);
  return source ? rangeOf(source.sourceFile, start, end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
