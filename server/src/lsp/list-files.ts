/** Lists the analyzable files of a workspace folder for the scan. */
import { listSourceFiles } from '../cli/discover';

/** Analyzable files under `folder`, honouring .gitignore and the default excludes, sorted. */
export async function listWorkspaceFiles(folder: string): Promise<string[]> {
  return listSourceFiles([folder], { cwd: folder });
}
