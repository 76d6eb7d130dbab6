/**
 * The parsed files of a project, keyed by absolute path, and who imports whom, so that a change drops
 * the cross-file summaries of every file that (transitively) imports the changed one.
 */
import type { FileAnalysis } from '../file-analysis';

/** Parsed files and the reverse-import graph between them. */
export class FileStore {
  private readonly analyses = new Map<string, FileAnalysis>();
  /** Imported file → the files that import it. */
  private readonly dependents = new Map<string, Set<string>>();

  /** @param onInvalidated told which files lost their cross-file summaries because one they import changed */
  constructor(private readonly onInvalidated: (filePaths: string[]) => void) {}

  /** The analysis held for `filePath`, if any. */
  get(filePath: string): FileAnalysis | undefined {
    return this.analyses.get(filePath);
  }

  /** Holds `analysis` for its path and invalidates the files that import it. */
  set(analysis: FileAnalysis): void {
    this.invalidateDependents(analysis.path);
    this.analyses.set(analysis.path, analysis);
  }

  /** Drops the analysis of `filePath` (it will be read again when asked for). */
  delete(filePath: string): void {
    this.analyses.delete(filePath);
  }

  /** Records that `importer` imports `imported`. */
  recordImport(importer: string, imported: string): void {
    let set = this.dependents.get(imported);
    if (!set) this.dependents.set(imported, (set = new Set()));
    set.add(importer);
  }

  /** Clears the derived facts of every file (a package.json or tsconfig changed) and says which. */
  invalidateAll(): void {
    for (const analysis of this.analyses.values()) analysis.clearSummaries();
    if (this.analyses.size > 0) this.onInvalidated([...this.analyses.keys()]);
  }

  /** Clears the summaries of every file that imports `filePath`, transitively, and says which. */
  invalidateDependents(filePath: string): void {
    const seen = new Set<string>([filePath]);
    const queue = [filePath];
    while (queue.length > 0) {
      for (const dependent of this.dependents.get(queue.pop()!) ?? []) {
        if (seen.has(dependent)) continue;
        seen.add(dependent);
        this.analyses.get(dependent)?.clearSummaries();
        queue.push(dependent);
      }
    }
    seen.delete(filePath);
    if (seen.size > 0) this.onInvalidated([...seen]);
  }
}
