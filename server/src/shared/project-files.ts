/** The non-source files whose content changes what the analysis concludes about source files. */
import * as path from 'node:path';

const projectFileNames = new Set(['package.json', 'package-lock.json', 'tsconfig.json', 'jsconfig.json', '.nvmrc', '.node-version', 'pnpm-workspace.yaml', 'lerna.json']);

/** True for package.json, lock file, tsconfig/jsconfig, `.nvmrc`, `.node-version` and the workspace files (pnpm-workspace.yaml, lerna.json). */
export function isProjectFile(filePath: string): boolean {
  return projectFileNames.has(path.basename(filePath));
}

/** The glob the client watches and syncs for them, so the server sees unsaved edits too. */
export const projectFileGlob = '**/{package.json,package-lock.json,tsconfig.json,jsconfig.json,.nvmrc,.node-version,pnpm-workspace.yaml,lerna.json}';
