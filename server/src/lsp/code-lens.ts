/**
 * Code lenses on the places that name a server: undici pool constructors (`new Pool(url)`), client
 * factories (`axios.create({ baseURL })`, `got.extend({ prefixUrl })`, `ky.create({ prefixUrl })`) and URL
 * constants. Where the origin has a profile (saved, or measured this session) the lens says what was
 * measured and re-probes; elsewhere it offers "Probe this host". Both run the client command
 * `httpResilience.probeHost` with the URL, which asks before anything is sent.
 */
import type { CodeLens, CodeLensParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ts } from '../analysis/ts';
import type { FileAnalysis, KnownServerProfile } from '../analysis/file-analysis';
import { originOfCreation, originOfUrl } from '../analysis/origins';
import { poolClassOf } from '../analysis/pools';
import { originOf } from '../analysis/values';
import { ClientCommands } from '@shared/protocol';
import { uriToPath } from './convert';
import type { Workspace } from './workspace';

/** The code lenses of an open document; none for a document that is not open or not analysed. */
export function provideCodeLenses(documents: TextDocuments<TextDocument>, workspace: Workspace, params: CodeLensParams): CodeLens[] {
  const document = documents.get(params.textDocument.uri);
  const filePath = document && uriToPath(document.uri);
  if (!document || !filePath) return [];
  const host = workspace.hostFor(filePath);
  const cached = host.cached(filePath);
  const file = cached && cached.text === document.getText() ? cached : host.setOverlay(filePath, document.getText());
  const lenses: CodeLens[] = [];
  const seenLines = new Set<number>();
  for (const { node, origin } of serverPlaces(file)) {
    const start = document.positionAt(node.getStart());
    if (seenLines.has(start.line)) continue;
    seenLines.add(start.line);
    const profile = file.project.serverProfile(origin, file.path);
    const range = { start, end: document.positionAt(node.getEnd()) };
    lenses.push({ range, command: profile ? measuredCommand(origin, profile) : { title: 'Probe this host', command: ClientCommands.probeHost, arguments: [origin] } });
  }
  return lenses;
}

/** Pool constructors, client factories and URL constants, with the origin each names. */
function serverPlaces(file: FileAnalysis): Array<{ node: ts.Node; origin: string }> {
  const places: Array<{ node: ts.Node; origin: string }> = [];
  for (const construction of file.constructions) {
    const pool = poolClassOf(construction);
    const origin = pool?.kind === 'undici' ? originOfCreation(construction, file) : undefined;
    if (origin) places.push({ node: construction, origin });
  }
  for (const call of file.calls) {
    const created = originOf(call);
    const origin = created.kind === 'instance' && created.creation === call ? originOfCreation(call, file) : undefined;
    if (origin) places.push({ node: call, origin });
  }
  const visit = (node: ts.Node): void => {
    if (ts.isVariableStatement(node) && (node.declarationList.flags & ts.NodeFlags.Const) !== 0) {
      for (const declaration of node.declarationList.declarations) {
        const init = declaration.initializer;
        const origin = init && (ts.isStringLiteralLike(init) || ts.isTemplateExpression(init)) ? originOfUrl(init, file) : undefined;
        if (origin) places.push({ node: declaration, origin });
      }
    }
  };
  file.sourceFile.statements.forEach(visit);
  return places.sort((a, b) => a.node.getStart() - b.node.getStart());
}

/** "api.example.com — knee 8, idle 5 s, retry budget 2 %, probed 3 days ago · Re-probe". */
function measuredCommand(origin: string, profile: KnownServerProfile): CodeLens['command'] {
  const parts: string[] = [];
  if (profile.knee !== undefined) parts.push(`knee ${profile.knee}`);
  if (profile.idleTimeoutMs !== undefined) parts.push(`idle ${seconds(profile.idleTimeoutMs)}`);
  if (profile.retryBudgetRatio !== undefined) parts.push(`retry budget ${Math.round(profile.retryBudgetRatio * 1_000) / 10} %`);
  parts.push(probedWhen(profile));
  const title = `${new URL(origin).host} — ${parts.join(', ')} · Re-probe`;
  return { title, command: ClientCommands.probeHost, arguments: [origin] };
}

function probedWhen(profile: KnownServerProfile): string {
  if (profile.source === 'probe' && profile.ageDays === undefined) return 'probed this session';
  if (profile.ageDays === undefined) return 'not dated';
  const age = profile.ageDays === 0 ? 'probed today' : profile.ageDays === 1 ? 'probed 1 day ago' : `probed ${profile.ageDays} days ago`;
  return profile.ageDays > 30 ? `${age} (stale)` : age;
}

function seconds(ms: number): string {
  return ms % 1_000 === 0 ? `${ms / 1_000} s` : `${(ms / 1_000).toFixed(1)} s`;
}
