/**
 * Which URL to probe: the command's argument (from the "Probe this host" code action), the URL under the
 * cursor, one of the file's URL literals, or what the user types. Only http(s) URLs; userinfo is
 * removed before the URL is shown anywhere.
 */
import { type TextEditor, window } from 'vscode';
import { cleanUrl, inputProblem, urlPattern, urlsInText } from './urls';

/** The http(s) URL that the cursor is on, if any. */
export function urlAtCursor(editor: TextEditor): string | undefined {
  const position = editor.selection.active;
  const line = editor.document.lineAt(position.line).text;
  for (const match of line.matchAll(urlPattern())) {
    const start = match.index;
    if (position.character >= start && position.character <= start + match[0].length) return cleanUrl(match[0]);
  }
  return undefined;
}

/** Asks, as far as needed, which URL to probe; undefined when the user backs out. */
export async function pickTarget(argument: unknown): Promise<string | undefined> {
  if (typeof argument === 'string') return cleanUrl(argument);
  const editor = window.activeTextEditor;
  const atCursor = editor && urlAtCursor(editor);
  if (atCursor) return atCursor;
  const inFile = editor ? urlsInText(editor.document.getText()) : [];
  const typeOne = 'Enter a URL…';
  if (inFile.length > 0) {
    const choice = await window.showQuickPick([...inFile, typeOne], { title: 'HTTP Resilience: Probe Host', placeHolder: 'URL to probe (from this file)' });
    if (choice === undefined) return undefined;
    if (choice !== typeOne) return choice;
  }
  const typed = await window.showInputBox({
    title: 'HTTP Resilience: Probe Host',
    prompt: 'The http(s) URL to probe; only its host receives requests',
    placeHolder: 'https://api.example.com/health',
    validateInput: (value) => inputProblem(value),
  });
  // Enter on the empty box is backing out, like Escape.
  return typed === undefined || typed.trim() === '' ? undefined : cleanUrl(typed.trim());
}
