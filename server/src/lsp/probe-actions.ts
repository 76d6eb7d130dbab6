/**
 * "Probe this host" code actions on URL literals (`'https://api.example.com/v1'`, also as the URL argument
 * of `new Pool(…)`/`new Client(…)`): they run the client command `httpResilience.probeHost` with the
 * URL, and the client confirms with the user before anything is sent. Text-only, so it costs nothing
 * on the cursor-move path where editors ask for code actions.
 */
import type { CodeAction, CodeActionParams, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseTarget } from '@shared/probe/target';
import { ClientCommands } from '@shared/protocol';

/** A quoted http(s) URL; in a template literal it ends where the first substitution starts. */
const urlLiteral = /(['"`])(https?:\/\/[^'"`\s]+?)(?=\1|\$\{)/g;
/** Code actions are asked for on every cursor move: look at a few lines, never the whole file. */
const maxLines = 20;

/** The probe actions for the URL literals on the lines of the requested range. */
export function provideProbeActions(documents: TextDocuments<TextDocument>, params: CodeActionParams): CodeAction[] {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  if (only && only.length > 0) return [];
  const first = params.range.start.line;
  const last = Math.min(params.range.end.line, first + maxLines - 1);
  const urls = new Set<string>();
  for (let line = first; line <= last; line++) {
    const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    for (const match of text.matchAll(urlLiteral)) {
      const url = probeableUrl(match[2]);
      if (url !== undefined) urls.add(url);
    }
  }
  return [...urls].map((url) => ({
    title: `Probe ${url} (live requests, asks first)`,
    command: { title: 'Probe this host', command: ClientCommands.probeHost, arguments: [url] },
  }));
}

/** The URL without userinfo, or undefined when it is not one the probe accepts. */
function probeableUrl(text: string): string | undefined {
  try {
    const target = parseTarget(text);
    return `${target.origin}${target.path}`;
  } catch {
    return undefined;
  }
}
