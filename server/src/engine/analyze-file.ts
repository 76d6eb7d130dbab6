/** Runs the rules over one file: settings, browser applicability, suppression, guarded execution. */
import { ts } from '../analysis/ts';
import { rules } from '../rules';
import type { Finding, Rule, RuleContext } from '../rules/types';
import type { Settings } from '../shared/settings';
import type { FileAnalysis } from '../analysis/file-analysis';
import type { Range, ReportedFinding } from '../shared/findings';
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
  // Test code talks to test servers under the runner's timeouts; load-resilience findings there are noise.
  if (!settings.enable || file.environment === 'test') return [];
  const suppressions = readSuppressions(file.sourceFile);
  const reported: ReportedFinding[] = [];
  for (const rule of ruleSet) {
    const severity = settings.rules[rule.meta.id] ?? rule.meta.severity;
    if (severity === 'off') continue;
    if (file.environment === 'browser' && !rule.meta.appliesToBrowser) continue;
    for (const finding of runRule(rule, file, log)) {
      const range = rangeOf(file.sourceFile, finding.start, finding.end);
      if (isSuppressed(suppressions, finding.ruleId, range.start.line)) continue;
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

/** Zero-based line/character range of an offset span. */
export function rangeOf(sourceFile: ts.SourceFile, start: number, end: number): Range {
  return { start: sourceFile.getLineAndCharacterOfPosition(start), end: sourceFile.getLineAndCharacterOfPosition(end) };
}

function relatedRange(file: FileAnalysis, relatedPath: string, start: number, end: number): Range {
  const source = relatedPath === file.path ? file : file.project.getFile(relatedPath);
  return source ? rangeOf(source.sourceFile, start, end) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}
