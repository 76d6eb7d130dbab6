/** Turns analyzer findings for an open document into LSP diagnostics. */
import { fileURLToPath } from 'node:url';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile } from '../analysis/analyze';
import type { ReportedFinding } from '../analysis/lint-types';
import type { ProjectHost } from '../analysis/project-host';
import { ruleDocsUrl } from '../rules';
import type { Severity, Settings } from '../settings';

const severities: Record<Severity, DiagnosticSeverity> = {
  info: DiagnosticSeverity.Information,
  warning: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

/** Analyzes the document's current text and returns its diagnostics. */
export function diagnoseDocument(host: ProjectHost, document: TextDocument, settings: Settings, log: (message: string) => void): Diagnostic[] {
  if (!document.uri.startsWith('file:')) return [];
  const analysis = host.setOverlay(fileURLToPath(document.uri), document.getText());
  if (analysis.syntaxError) return [];
  return analyzeFile(analysis, settings, log).map(toDiagnostic);
}

function toDiagnostic(finding: ReportedFinding): Diagnostic {
  return {
    range: finding.range,
    severity: severities[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    source: 'http-resilience',
    message: finding.message,
  };
}
