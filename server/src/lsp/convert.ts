/** The one place that maps analyzer results to LSP shapes (paths ⇄ URIs, findings → diagnostics). */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Diagnostic, DiagnosticSeverity, type DiagnosticRelatedInformation } from 'vscode-languageserver';
import type { ReportedFinding } from '@shared/findings';
import { ruleDocsUrl } from '../rules';
import type { Severity } from '@shared/settings';

const severities: Record<Severity, DiagnosticSeverity> = {
  info: DiagnosticSeverity.Information,
  warning: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

/** The file system path of a `file:` URI; undefined for other schemes (untitled, git…). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The `file:` URI of a path. */
export function pathToUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** A finding as an LSP diagnostic: rule id as code, docs link, related places. */
export function toDiagnostic(finding: ReportedFinding): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.related.map((related) => ({
    location: { uri: pathToUri(related.file), range: related.range },
    message: related.message,
  }));
  return {
    range: finding.range,
    severity: severities[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: 'http-resilience',
    message: finding.message,
    ...(relatedInformation.length > 0 ? { relatedInformation } : {}),
  };
}
