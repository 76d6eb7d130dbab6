/** Turns planned fixes (offsets, other files, a file to create) into one LSP WorkspaceEdit. */
import * as fs from 'node:fs';
import { CreateFile, TextDocumentEdit, TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileFixes } from '../engine/fixes/fix-file';
import type { TextEdit as PlainEdit } from '@shared/edits';
import { pathToUri } from './convert';

function toLspEdits(document: TextDocument, edits: readonly PlainEdit[]): TextEdit[] {
  return edits.map((edit) => TextEdit.replace({ start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, edit.newText));
}

/**
 * One edit for the document, the helper file it needs (created when the client can create files)
 * and the package.json dependency. Applying it is one undoable step in VS Code.
 */
export function workspaceEditFor(document: TextDocument, fixes: FileFixes, canCreateFiles: boolean): WorkspaceEdit {
  const own = TextDocumentEdit.create({ uri: document.uri, version: document.version }, toLspEdits(document, fixes.edits));
  const changes: WorkspaceEdit['documentChanges'] = [];
  const create = fixes.helper?.create;
  if (create && canCreateFiles) {
    const uri = pathToUri(create.path);
    changes.push(CreateFile.create(uri, { ignoreIfExists: true }));
    changes.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, create.text)]));
  }
  changes.push(own);
  for (const [filePath, edits] of fixes.helper?.edits ?? []) {
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      continue;
    }
    const other = TextDocument.create(pathToUri(filePath), 'json', 0, text);
    changes.push(TextDocumentEdit.create({ uri: other.uri, version: null }, toLspEdits(other, edits)));
  }
  return { documentChanges: changes };
}
