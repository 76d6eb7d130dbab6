/**
 * The `httpResilience.openRuleDocs` command for any LSP client: the rule's page as shipped beside the server
 * (docs/rules/<id>.md, in the npm package and the .vsix) through `window/showDocument`, or the web page
 * (`ruleDocsUrl`) when the file is not there. VS Code's client answers the command itself with a Markdown preview.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { ruleDocsUrl, ruleIds } from '../rules';
import { pathToUri } from './convert';

/** docs/rules/ beside dist/server.js (the bundle runs from dist/). */
const docsDir = path.resolve(__dirname, '..', 'docs', 'rules');

/** The shipped Markdown page of a rule, if this installation has it. */
function shippedRuleDocs(ruleId: string): string | undefined {
  if (!ruleIds.includes(ruleId)) return undefined;
  const file = path.join(docsDir, `${ruleId}.md`);
  return fs.existsSync(file) ? file : undefined;
}

/** Shows the rule's documentation in the client; false when the id names no rule or the client declined. */
export async function openRuleDocs(connection: Connection, ruleId: unknown): Promise<boolean> {
  if (typeof ruleId !== 'string' || !ruleIds.includes(ruleId)) {
    connection.console.warn(`Show documentation: ${String(ruleId)} is not a rule id.`);
    return false;
  }
  const file = shippedRuleDocs(ruleId);
  const target = file ? { uri: pathToUri(file), takeFocus: true } : { uri: ruleDocsUrl(ruleId), external: true };
  try {
    const { success } = await connection.window.showDocument(target);
    return success;
  } catch (error) {
    connection.console.warn(`Show documentation for ${ruleId}: the client cannot show ${target.uri} (${String(error)}).`);
    return false;
  }
}
