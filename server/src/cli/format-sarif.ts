/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it: one run, every rule described in full,
 * and results with partial fingerprints that follow a finding when lines move.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { ruleDocsUrl, rules } from '../rules';
import type { RuleMeta } from '../rules/types';
import type { Severity } from '@shared/settings';
import type { OutputFinding, OutputProblem, OutputSpan, RunSummary } from './report';

/** Where people learn about the tool (SARIF `tool.driver.informationUri`): the npm package page, which exists once published. */
export const informationUri = 'https://www.npmjs.com/package/http-resilience';

/** Our severities in SARIF's words. */
export const sarifLevels: Readonly<Record<Severity, Sarif.ReportingConfiguration.level & Sarif.Result.level>> = {
  info: 'note',
  warning: 'warning',
  error: 'error',
};

/** The base every artifact URI is relative to; consumers such as GitHub map it to the checkout. */
const sourceRoot = '%SRCROOT%';

/**
 * The `partialFingerprints` key of our fingerprint (SARIF recommends versioned names). Its value changes
 * only when the rule, the file or the flagged line changes, never when lines move: GitHub's own
 * `primaryLocationLineHash` is left for upload-sarif to compute, as it warns about values it did not.
 */
export const fingerprintKey = 'httpResilience/v1';

/** What the rules are about, for `properties.tags` (code scanning filters by tag); every rule also gets `reliability` and `http`. */
const topicsByRule: Readonly<Record<string, readonly string[]>> = {
  'unbounded-concurrency': ['concurrency'],
  'limiter-without-bound': ['concurrency'],
  'default-pool': ['connection-pool'],
  'pool-concurrency-mismatch': ['connection-pool', 'concurrency'],
  'agent-per-request': ['connection-pool', 'performance'],
  'wrong-pool-option': ['connection-pool', 'correctness'],
  'keepalive-mismatch': ['connection-pool', 'keep-alive'],
  'dispatcher-mismatch': ['correctness', 'compatibility'],
  'missing-timeout': ['timeout'],
  'missing-retry': ['retry'],
  'retry-without-backoff': ['retry'],
  'retry-never-triggers': ['retry', 'correctness'],
  'unsafe-retry-method': ['retry', 'idempotency'],
  'unconsumed-body': ['resource-leak'],
};

/** The tags of a rule's descriptor. */
export function ruleTags(id: string): string[] {
  return ['reliability', 'http', ...(topicsByRule[id] ?? [])];
}

/** Renders the SARIF log for a run. */
export function formatSarif(summary: RunSummary, version: string): string {
  return `${JSON.stringify(buildSarifLog(summary, version), null, 2)}\n`;
}

/** The SARIF log as an object (what formatSarif serializes). */
export function buildSarifLog(summary: RunSummary, version: string): Sarif.Log {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const prints = fingerprints(summary.findings);
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
        results: summary.findings.map((finding, index) => toResult(finding, ruleIndex.get(finding.ruleId), prints[index])),
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
    rules: rules.map(({ meta }) => describeRule(meta)),
  };
}

/** A rule's SARIF descriptor: what code scanning shows on the alert and in its rule help. */
function describeRule(meta: RuleMeta): Sarif.ReportingDescriptor {
  const url = ruleDocsUrl(meta.id);
  const fix = meta.fixable ? "A fix is offered: the editor's quick fix, or `http-resilience lint --fix`." : 'No automatic fix.';
  const says = Object.values(meta.messages).map(templateText);
  const silence = `Silence one finding with \`// http-resilience-disable-next-line ${meta.id}\`; change the rule's level with \`--rule ${meta.id}=off|info|warning|error\` or the \`httpResilience.rules\` setting.`;
  const markdown = [
    `**${meta.id}**: ${meta.description}`,
    `Default severity: **${meta.severity}**. ${fix}`,
    'What a finding says (a `‹name›` stands for the code it names):',
    says.map((text) => `- ${text}`).join('\n'),
    silence,
    `[Rule documentation](${url})`,
  ].join('\n\n');
  const text = [
    `${meta.id}: ${meta.description}`,
    `Default severity: ${meta.severity}. ${fix}`,
    `What a finding says (a ‹name› stands for the code it names):\n${says.map((line) => `- ${line}`).join('\n')}`,
    silence,
    `Documentation: ${url}`,
  ].join('\n\n');
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} Default severity: ${meta.severity}. ${fix} Documentation: ${url}` },
    helpUri: url,
    help: { text, markdown },
    defaultConfiguration: { enabled: true, level: sarifLevels[meta.severity] },
    // Precision as code scanning ranks it: the rules prefer a missed finding to a false alarm.
    properties: { tags: ruleTags(meta.id), precision: 'high', fixable: meta.fixable },
  };
}

/** `unbounded-concurrency` → `UnboundedConcurrency` (SARIF's `name` is an identifier, the id a slug). */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());
}

/** A message template with its `{{placeholder}}`s shown as `‹placeholder›` (not `<…>`, which Markdown would take for HTML). */
function templateText(template: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => `‹${name}›`);
}

/**
 * `partialFingerprints` for every finding, in order: a hash of the rule id, the file (relative to the run's
 * root, `%SRCROOT%`), the flagged line (see OutputFinding.snippet) and its occurrence among findings with
 * the same three, counted from the top of the file. No line number, so inserting lines above keeps it.
 */
export function fingerprints(findings: readonly OutputFinding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const identity = JSON.stringify([finding.ruleId, finding.file, finding.snippet]);
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash('sha256').update(`${identity}\n${occurrence}`).digest('hex').slice(0, 32);
  });
}

function toResult(finding: OutputFinding, ruleIndex: number | undefined, fingerprint: string): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: sarifLevels[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding) }],
    partialFingerprints: { [fingerprintKey]: fingerprint },
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
