/** `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it. */
import type * as Sarif from 'sarif';
import { ruleDocsUrl, rules } from '../rules';
import type { Severity } from '../settings';
import type { RunSummary } from './report';

const levels: Record<Severity, Sarif.ReportingConfiguration.level> = { info: 'note', warning: 'warning', error: 'error' };

/** Renders the SARIF log for a run. */
export function formatSarif(summary: RunSummary, version: string): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const location = (file: string, line: number, column: number, endLine: number, endColumn: number): Sarif.Location => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
      region: { startLine: line, startColumn: column, endLine, endColumn },
    },
  });
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'http-resilience',
            informationUri: 'https://github.com/http-resilience/http-resilience',
            version,
            semanticVersion: version,
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.id,
              shortDescription: { text: rule.meta.description },
              fullDescription: { text: rule.meta.description },
              helpUri: ruleDocsUrl(rule.meta.id),
              help: { text: `${rule.meta.description} See ${ruleDocsUrl(rule.meta.id)}` },
              defaultConfiguration: { level: levels[rule.meta.severity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: summary.problems.map((problem) => ({
              level: 'warning',
              message: { text: `${problem.file}: ${problem.message}` },
              locations: [location(problem.file, problem.line ?? 1, problem.column ?? 1, problem.line ?? 1, problem.column ?? 1)],
            })),
          },
        ],
        results: summary.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId),
          level: levels[finding.severity],
          message: { text: finding.message },
          locations: [location(finding.file, finding.line, finding.column, finding.endLine, finding.endColumn)],
          ...(finding.related.length > 0
            ? {
                relatedLocations: finding.related.map((related, index) => ({
                  id: index,
                  message: { text: related.message },
                  ...location(related.file, related.line, related.column, related.endLine, related.endColumn),
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
