/** One ProjectHost per workspace folder; files outside every folder share a fallback host. */
import * as path from 'node:path';
import type { WorkspaceFolder } from 'vscode-languageserver';
import { ProjectHost, type ServerProfilesFor } from '../analysis/project/project-host';
import { uriToPath } from './convert';

/** The workspace folders and their analysis hosts. */
export class Workspace {
  private readonly hosts = new Map<string, ProjectHost>();
  private readonly fallback: ProjectHost;

  /**
   * @param onInvalidated told which files lost cross-file summaries (to re-analyse the open ones)
   * @param serverProfilesFor the server profiles the project config file gives a file
   */
  constructor(
    private readonly onInvalidated: (filePaths: string[]) => void,
    private readonly serverProfilesFor: ServerProfilesFor = () => undefined,
  ) {
    this.fallback = this.newHost();
  }

  /** Absolute paths of the workspace folders, longest first. */
  get folders(): string[] {
    return [...this.hosts.keys()];
  }

  /** Replaces the folder set (initialize, or a workspace folder change). */
  setFolders(folders: readonly WorkspaceFolder[]): void {
    const paths = folders.map((folder) => uriToPath(folder.uri)).filter((folder): folder is string => folder !== undefined);
    for (const existing of [...this.hosts.keys()]) if (!paths.includes(existing)) this.hosts.delete(existing);
    for (const folder of paths) if (!this.hosts.has(folder)) this.hosts.set(folder, this.newHost());
    const sorted = [...this.hosts.entries()].sort(([a], [b]) => b.length - a.length);
    this.hosts.clear();
    for (const [folder, host] of sorted) this.hosts.set(folder, host);
  }

  /** The host that owns `filePath`. */
  hostFor(filePath: string): ProjectHost {
    for (const [folder, host] of this.hosts) {
      if (filePath === folder || filePath.startsWith(folder + path.sep)) return host;
    }
    return this.fallback;
  }

  /** The workspace folder that contains `filePath`, if any. */
  folderOf(filePath: string): string | undefined {
    for (const folder of this.hosts.keys()) if (filePath === folder || filePath.startsWith(folder + path.sep)) return folder;
    return undefined;
  }

  private newHost(): ProjectHost {
    return new ProjectHost(undefined, this.onInvalidated, undefined, this.serverProfilesFor);
  }

  /** Every host, for changes that concern all of them. */
  allHosts(): ProjectHost[] {
    return [...this.hosts.values(), this.fallback];
  }
}
