/** `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it (one run, every rule described). */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { ruleDocsUrl, rules } from '../rules';
import type { Severity } from '../shared/settings';
import type { OutputFinding, OutputProblem, OutputSpan, RunSummary } from './report';

/** Where people learn about the tool (SARIF `tool.driver.informationUri`). */
export const informationUri = 'https://github.com/http-resilience/http-resilience';

/** Our severities in SARIF's words. */
export const sarifLevels: Readonly<Record<Severity, Sarif.ReportingConfiguration.level & Sarif.Result.level>> = {
  info: 'note',
  warning: 'warning',
  error: 'error',
};

/** The base every artifact URI is relative to; consumers such as GitHub map it to the checkout. */
const sourceRoot = '%SRCROOT%';

/** Renders the SARIF log for a run. */
export function formatSarif(summary: RunSummary, version: string): string {
  return `${JSON.stringify(buildSarifLog(summary, version), null, 2)}\n`;
}

/** The SARIF log as an object (what formatSarif serializes). */
export function buildSarifLog(summary: RunSummary, version: string): Sarif.Log {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: describeTool(version) },
        // SARIF requires the base to be an absolute URI ending in a slash.
        originalUriBaseIds: { [sourceRoot]: { uri: directoryUri(summary.cwd) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: summary.problems.map(toNotification) }],
        results: summary.findings.map((finding) => toResult(finding, ruleIndex.get(finding.ruleId))),
      },
    ],
  };
}

function describeTool(version: string): Sarif.ToolComponent {
  return {
    name: 'http-resilience',
    informationUri,
    version,
    semanticVersion: version,
    rules: rules.map(({ meta }) => ({
      id: meta.id,
      name: meta.id,
      shortDescription: { text: meta.description },
      fullDescription: { text: meta.description },
      helpUri: ruleDocsUrl(meta.id),
      help: { text: `${meta.description} See ${ruleDocsUrl(meta.id)}` },
      defaultConfiguration: { level: sarifLevels[meta.severity] },
      properties: { fixable: meta.fixable },
    })),
  };
}

function toResult(finding: OutputFinding, ruleIndex: number | undefined): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: sarifLevels[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding) }],
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, id) => ({
      id,
      message: { text: related.message },
      physicalLocation: physicalLocation(related),
    }));
  }
  return result;
}

function toNotification(problem: OutputProblem): Sarif.Notification {
  const region = problem.line === undefined ? undefined : { startLine: problem.line, startColumn: problem.column ?? 1 };
  return {
    level: 'warning',
    descriptor: { id: problem.kind },
    message: { text: `${problem.file}: ${problem.message}` },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(problem.file), ...(region ? { region } : {}) } }],
  };
}

function physicalLocation(span: OutputSpan): Sarif.PhysicalLocation {
  return {
    artifactLocation: artifactLocation(span.file),
    region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
  };
}

/** A relative URI reference: each segment percent-encoded, so `#`, `?` and spaces in names survive. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: sourceRoot };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}
