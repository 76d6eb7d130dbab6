/**
 * `httpResilience/saveProfile` ("Save to project" in the results panel): writes the latest probe result of
 * an origin into the workspace's `.http-resilience.json` the way `http-resilience probe <url> --save` does
 * (same file search, same profile, only that origin's entry replaced), then has the workspace re-linted.
 * The server keeps the results it produced, so what is saved is what was measured, never what a client sends.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import manifest from '../../../package.json';
import { originKey } from '../analysis/project/known-servers';
import { ProjectConfigs } from '../engine/project-configs';
import { withServerProfile } from '../engine/save-profile';
import { ruleIds } from '../rules';
import { profileFromProbe, unsavableBecause } from '@shared/probe/profile';
import type { ProbeResult } from '@shared/probe/types';
import { projectConfigFileName } from '@shared/project-config';
import type { SaveProfileParams, SaveProfileResult } from '@shared/protocol';
import { pathToUri, uriToPath } from './convert';

/** The latest probe result per origin, for this server session. */
export class ProbeResults {
  private readonly byOrigin = new Map<string, ProbeResult>();

  remember(result: ProbeResult): void {
    const key = originKey(result.origin);
    if (key !== undefined) this.byOrigin.set(key, result);
  }

  latest(origin: string): ProbeResult | undefined {
    const key = originKey(origin);
    return key === undefined ? undefined : this.byOrigin.get(key);
  }
}

/** What the handler needs from the server. */
export interface SaveProfileContext {
  results: ProbeResults;
  /** The workspace folders, as paths. */
  folders: () => readonly string[];
  /** Called after the file was written, to re-read configs and re-lint. */
  onSaved: (file: string) => void | Promise<void>;
}

/** Answers the save request; never throws (refusals and failures become ResponseErrors). */
export async function handleSaveProfile(context: SaveProfileContext, params: SaveProfileParams): Promise<SaveProfileResult | ResponseError<void>> {
  if (typeof params?.origin !== 'string') return new ResponseError<void>(ErrorCodes.InvalidParams, 'httpResilience/saveProfile needs { origin: string }');
  const result = context.results.latest(params.origin);
  if (!result) return new ResponseError<void>(ErrorCodes.InvalidRequest, `No probe of ${params.origin} in this session; probe it first, then save.`);
  const why = unsavableBecause(result);
  if (why !== undefined) return new ResponseError<void>(ErrorCodes.InvalidRequest, `Nothing saved: ${why}.`);
  const folder = (typeof params.folderUri === 'string' ? uriToPath(params.folderUri) : undefined) ?? context.folders()[0];
  if (folder === undefined) return new ResponseError<void>(ErrorCodes.InvalidRequest, 'Open a workspace folder to save the profile into its .http-resilience.json.');
  // The same search as lint's and `probe --save`'s: the nearest config file above the folder, else a new one in it.
  const file = new ProjectConfigs(ruleIds).forFile(path.join(folder, projectConfigFileName))?.config.file ?? path.join(folder, projectConfigFileName);
  try {
    const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    const replaced = existing !== undefined && hasEntry(existing, result.origin);
    fs.writeFileSync(file, withServerProfile(existing, result.origin, profileFromProbe(result, manifest.version, new Date())));
    await context.onSaved(file);
    return { uri: pathToUri(file), replaced };
  } catch (error) {
    return new ResponseError<void>(ErrorCodes.InternalError, `Cannot save to ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function hasEntry(text: string, origin: string): boolean {
  const root = parseTree(text);
  const key = originKey(origin);
  return root !== undefined && key !== undefined && findNodeAtLocation(root, ['servers', key]) !== undefined;
}
