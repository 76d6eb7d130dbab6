/**
 * Who imports whom among the project's source files, for where a module runs: a module with no mark of its own that
 * only browser code imports (a `'use client'` component's helper) is browser code too. The front end names the
 * project's files (the CLI its file list, the language server its workspace listing); without that list nothing is
 * known and every module keeps its own environment. The list may be a function (the ESLint plugin's listing of its
 * root), called with the first verdict asked, so a run whose files all say where they run never lists. The edges are
 * read once per file version with TypeScript's import scanner (no parse) and resolved against the list, so no file
 * system call is made; an edit re-reads only the edited file, and a verdict is a walk up the importers of one module,
 * cached until an edge or an importer's own environment changes.
 */
import * as path from 'node:path';
import { ts } from '../ts';

/** Where an importer's own code runs, as far as it says itself. `server`: marked server-only (`'use server'`, Deno). */
export type OwnPlace = 'browser' | 'node' | 'test' | 'server';

/** What the graph asks of the project: how specifiers resolve and where a file's own code runs. */
export interface ImportGraphHost {
  /** The text of a project file (its editor buffer or the disk), undefined when it cannot be read. */
  readText(filePath: string): string | undefined;
  /** Whether a specifier can name a project file (relative, aliased, a workspace package). */
  isProjectSpecifier(fromFile: string, specifier: string): boolean;
  /** The files a specifier may name, in the order TypeScript tries them. */
  candidates(fromFile: string, specifier: string): readonly string[];
  /** Where the file's own code runs, undefined when it cannot be read. */
  ownPlace(filePath: string): OwnPlace | undefined;
  /** Told which files' environment may have changed. */
  onChanged(filePaths: string[]): void;
}

/** The import edges between the project's files and the browser-only verdicts drawn from them. */
export class ImportGraph {
  private projectFiles: Set<string> | undefined;
  /** What lists the project's files, until the first verdict calls it. */
  private listing: (() => readonly string[]) | undefined;
  /** File → the project files it imports for their values (type-only imports run nothing). */
  private readonly imports = new Map<string, readonly string[]>();
  /** File → the project files that import it. */
  private readonly importers = new Map<string, Set<string>>();
  private built = false;
  /** Module → whether only browser code imports it; cleared when any edge or a consulted own place changes. */
  private readonly verdicts = new Map<string, boolean>();
  /** The own places the verdicts were drawn from. */
  private readonly consulted = new Map<string, OwnPlace | undefined>();
  /** `dir\0specifier` → the project file it names, or null; forgotten with the edges and when a file is added. */
  private readonly targets = new Map<string, string | null>();
  /** File → its lines that can name a module, as the edges were last read from (update's shortcut). */
  private readonly importLines = new Map<string, string>();
  /** Lists given so far: an `index` still reading when a newer list arrives is dropped. */
  private runs = 0;

  constructor(private readonly host: ImportGraphHost) {}

  /**
   * Names the project's source files (replacing an earlier list), or gives the function that lists them, called when
   * the first verdict is asked; the edges are read then too.
   */
  setFiles(filePaths: readonly string[] | (() => readonly string[])): void {
    this.runs++;
    this.listing = typeof filePaths === 'function' ? filePaths : undefined;
    this.projectFiles = typeof filePaths === 'function' ? undefined : new Set(filePaths);
    this.reset();
  }

  /**
   * Names the project's files and reads their edges a slice at a time, awaiting `pause` between slices (the language
   * server, so typing is not held up); until it is done every verdict is false. Then every file is told.
   */
  async index(filePaths: readonly string[], pause: () => Promise<void>, filesPerSlice = 64): Promise<void> {
    const files = new Set(filePaths);
    const edges = new Map<string, string[]>();
    const run = ++this.runs;
    this.projectFiles = undefined;
    this.listing = undefined;
    this.reset();
    for (const [index, filePath] of filePaths.entries()) {
      if (index % filesPerSlice === filesPerSlice - 1) await pause();
      const text = this.host.readText(filePath);
      if (text !== undefined) edges.set(filePath, this.readImports(filePath, text, files));
    }
    // A newer list may have been given meanwhile; it wins.
    if (run !== this.runs) return;
    this.projectFiles = files;
    for (const [filePath, targets] of edges) this.setEdges(filePath, targets);
    this.built = true;
    this.host.onChanged([...files]);
  }

  /** Adds a file that came into being (a new editor buffer) to the project's files. */
  addFile(filePath: string): void {
    this.list();
    if (!this.projectFiles || this.projectFiles.has(filePath)) return;
    this.projectFiles.add(filePath);
    this.targets.clear();
    this.update(filePath);
  }

  /** Forgets every edge (a tsconfig or package.json changed what specifiers name or where code runs). */
  reset(): void {
    this.built = false;
    this.targets.clear();
    this.importLines.clear();
    this.imports.clear();
    this.importers.clear();
    this.verdicts.clear();
    this.consulted.clear();
  }

  /**
   * Re-reads the edges of `filePath` (a new version, or changed or deleted on disk). When they or its own place
   * changed, every verdict is dropped and the files it imported before or imports now, and all below them, are told.
   */
  update(filePath: string): void {
    if (!this.built || !this.projectFiles?.has(filePath)) return;
    const before = this.imports.get(filePath) ?? [];
    const text = this.host.readText(filePath);
    // A keystroke that touches no line naming a module (most of them) leaves the edges as they are.
    const lines = text === undefined ? undefined : importLines(text);
    const same = lines !== undefined && this.importLines.get(filePath) === lines;
    if (lines === undefined) this.importLines.delete(filePath);
    else this.importLines.set(filePath, lines);
    const after = same ? before : text === undefined ? [] : this.readImports(filePath, text);
    const placeChanged = this.consulted.has(filePath) && this.consulted.get(filePath) !== this.host.ownPlace(filePath);
    const edgesChanged = before.length !== after.length || before.some((target, index) => target !== after[index]);
    if (!edgesChanged && !placeChanged) return;
    if (edgesChanged) this.setEdges(filePath, after);
    this.verdicts.clear();
    this.consulted.clear();
    const below = this.reachableFrom([...before, ...after]);
    if (below.length > 0) this.host.onChanged(below);
  }

  /**
   * True when `filePath` is imported, and every chain of importers above it ends in browser code rather than in
   * server code: an importer of its own `node` place that nothing imports (a route, a script) or one marked for the
   * server (`'use server'`, `server-only`) makes it server code; test files count for neither.
   */
  importedOnlyByBrowserCode(filePath: string): boolean {
    this.list();
    if (!this.projectFiles) return false;
    this.build();
    const known = this.verdicts.get(filePath);
    if (known !== undefined) return known;
    const verdict = this.walkImporters(filePath);
    this.verdicts.set(filePath, verdict);
    return verdict;
  }

  private walkImporters(filePath: string): boolean {
    const seen = new Set([filePath]);
    const queue = [filePath];
    let browser = false;
    while (queue.length > 0) {
      const current = queue.pop()!;
      const importers = this.importers.get(current);
      // A module of node code that nothing imports is an entry point: a route, a script, a server.
      if (!importers || importers.size === 0) return false;
      for (const importer of importers) {
        if (seen.has(importer)) continue;
        seen.add(importer);
        const place = this.place(importer);
        if (place === 'server') return false;
        if (place === 'browser') browser = true;
        else if (place === 'node') queue.push(importer);
      }
    }
    return browser;
  }

  private place(filePath: string): OwnPlace | undefined {
    if (this.consulted.has(filePath)) return this.consulted.get(filePath);
    const place = this.host.ownPlace(filePath);
    this.consulted.set(filePath, place);
    return place;
  }

  /** Calls the listing given to `setFiles`, once. */
  private list(): void {
    if (!this.listing) return;
    const listing = this.listing;
    this.listing = undefined;
    this.projectFiles = new Set(listing());
  }

  /** Reads every project file's edges, once. */
  private build(): void {
    if (this.built || !this.projectFiles) return;
    this.built = true;
    for (const filePath of this.projectFiles) {
      const text = this.host.readText(filePath);
      if (text !== undefined) this.setEdges(filePath, this.readImports(filePath, text));
    }
  }

  private setEdges(filePath: string, targets: readonly string[]): void {
    for (const target of this.imports.get(filePath) ?? []) this.importers.get(target)?.delete(filePath);
    this.imports.set(filePath, targets);
    for (const target of targets) {
      let set = this.importers.get(target);
      if (!set) this.importers.set(target, (set = new Set()));
      set.add(filePath);
    }
  }

  /** The project files `text` imports, requires or re-exports for their values, sorted and without repeats. */
  private readImports(filePath: string, text: string, files = this.projectFiles!): string[] {
    const targets = new Set<string>();
    for (const reference of ts.preProcessFile(text, true, true).importedFiles) {
      if (typeOnly(text, reference.pos)) continue;
      const target = this.target(filePath, reference.fileName, files);
      if (target !== undefined && target !== filePath) targets.add(target);
    }
    return [...targets].sort();
  }

  private target(fromFile: string, specifier: string, files: ReadonlySet<string>): string | undefined {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    let target = this.targets.get(key);
    if (target === undefined) {
      const found = this.host.isProjectSpecifier(fromFile, specifier) ? this.host.candidates(fromFile, specifier).find((candidate) => files.has(candidate)) : undefined;
      this.targets.set(key, (target = found ?? null));
    }
    return target ?? undefined;
  }

  /** The files reachable from `starts` through import edges, the starts included. */
  private reachableFrom(starts: readonly string[]): string[] {
    const seen = new Set<string>();
    const queue = [...starts];
    while (queue.length > 0) {
      const current = queue.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      queue.push(...(this.imports.get(current) ?? []));
    }
    return [...seen];
  }
}

/** The lines of `text` with `import`, `export`, `require` or `from`: where a module can be named. */
function importLines(text: string): string {
  return (text.match(/^.*\b(?:import|export|require|from)\b.*$/gm) ?? []).join('\n');
}

/** `import type { A } from`, `export type { B } from`, `import { type C, type D } from`: run nothing at run time. */
function typeOnly(text: string, specifierStart: number): boolean {
  const head = text.slice(Math.max(0, specifierStart - 1_000), specifierStart);
  if (!head.includes('type')) return false;
  let clauseStart = -1;
  for (const keyword of head.matchAll(/\b(?:import|export)\b/g)) clauseStart = keyword.index + keyword[0].length;
  if (clauseStart < 0) return false;
  const clause = head.slice(clauseStart);
  // `import type from './x'` imports a default export named `type`.
  if (/^\s+type\s+(?!from\b)[\w${*][^;'"`]*\bfrom\s*['"`]?$/.test(clause)) return true;
  const named = /^\s*\{([^}]*)\}\s*from\s*['"`]?$/.exec(clause);
  if (!named) return false;
  const elements = named[1].split(',').map((element) => element.trim()).filter((element) => element !== '');
  return elements.length > 0 && elements.every((element) => /^type\s/.test(element));
}
