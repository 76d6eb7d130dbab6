/** Language server entry: wiring only. */
import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ProjectHost } from './analysis/project-host';
import { diagnoseDocument } from './lsp/diagnostics';
import { defaultSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const host = new ProjectHost();

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  const diagnostics = diagnoseDocument(host, document, defaultSettings, (message) => connection.console.error(message));
  void connection.sendDiagnostics({ uri: document.uri, diagnostics });
});

documents.onDidClose(({ document }) => {
  if (document.uri.startsWith('file:')) host.closeOverlay(fileURLToPath(document.uri));
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
