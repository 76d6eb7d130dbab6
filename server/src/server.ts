/** Language server entry: wiring only (handlers live in lsp/session.ts). */
import { createConnection, ProposedFeatures, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { listWorkspaceFiles } from './engine/discover';
import { Session } from './lsp/session';
import { probeRequestHandler } from './lsp/probe';
import { provideProbeActions } from './lsp/probe-actions';
import { handleSaveProfile, ProbeResults } from './lsp/probe-save';
import { knownServers } from './analysis/project/known-servers';
import { ProbeRequest, SaveProfileRequest } from './shared/protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const session = new Session(connection, documents, listWorkspaceFiles);

connection.onInitialize((params) => session.initialize(params));
connection.onInitialized(() => {
  if (session.supportsWorkspaceFolders) connection.workspace.onDidChangeWorkspaceFolders((event) => session.didChangeWorkspaceFolders(event));
  void session.initialized();
});
connection.onDidChangeConfiguration(() => session.didChangeConfiguration());
connection.onDidChangeWatchedFiles((params) => void session.didChangeWatchedFiles(params));
connection.onCodeAction(async (params) => [...(await session.codeActions(params)), ...provideProbeActions(documents, params)]);
connection.onCodeActionResolve((action) => session.resolveCodeAction(action));
connection.onCodeLens((params) => session.codeLenses(params));
connection.onExecuteCommand((params, token) => session.executeCommand(params, token));
const probeResults = new ProbeResults();
connection.onRequest(ProbeRequest.type, probeRequestHandler(
    connection,
    knownServers,
    () => session.diagnostics.scheduleAll(),
    (result) => {
      probeResults.remember(result);
      session.refreshCodeLenses();
    },
  ));
connection.onRequest(SaveProfileRequest.type, (params) =>
  handleSaveProfile({ results: probeResults, folders: () => session.workspace.folders, onSaved: () => session.projectConfigWritten() }, params),
);
documents.onDidChangeContent((event) => session.didChangeContent(event));
documents.onDidClose((event) => void session.didClose(event));

documents.listen(connection);
connection.listen();
