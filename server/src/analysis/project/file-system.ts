/**
 * The one seam through which the project model reads files: source files, package.json, tsconfig,
 * `.nvmrc`, lock files and the `.git` marker of the repository root. Editor buffers sit on top of the
 * disk here, so an unsaved package.json or tsconfig counts as much as an unsaved source file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Reads text and checks for existence; never throws. */
export interface FileSystem {
  /** The file's text; undefined when there is no such file, it is not a file, or it is over `maxBytes`. */
  readText(filePath: string, maxBytes?: number): string | undefined;
  /** Whether a file or directory exists at `filePath`. */
  exists(filePath: string): boolean;
  /**
   * The names of the directories directly inside `dir` (workspace globs such as `packages/*`); undefined when
   * it cannot be listed. Optional: without it only workspace packages listed without wildcards are found.
   */
  directories?(dir: string): readonly string[] | undefined;
}

/** The disk, as Node sees it. */
export const diskFileSystem: FileSystem = {
  readText(filePath, maxBytes) {
    try {
      const stat = fs.statSync(filePath);
      if (!stat.isFile() || (maxBytes !== undefined && stat.size > maxBytes)) return undefined;
      return fs.readFileSync(filePath, 'utf8');
    } catch {
      return undefined;
    }
  },
  exists(filePath) {
    return fs.existsSync(filePath);
  },
  directories(dir) {
    try {
      return fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
        .map((entry) => entry.name);
    } catch {
      return undefined;
    }
  },
};

/** A file system made of one read function (tests, scratch projects): a file exists when it reads. */
export function fileSystemOf(read: (filePath: string) => string | undefined): FileSystem {
  return { readText: (filePath) => read(filePath), exists: (filePath) => read(filePath) !== undefined };
}

/** Editor buffers over a base file system: an open document's text wins over the disk. */
export class OverlayFileSystem implements FileSystem {
  private readonly overlays = new Map<string, string>();

  constructor(private readonly base: FileSystem) {}

  readText(filePath: string, maxBytes?: number): string | undefined {
    return this.overlays.get(filePath) ?? this.base.readText(filePath, maxBytes);
  }

  exists(filePath: string): boolean {
    return this.overlays.has(filePath) || this.base.exists(filePath);
  }

  /** The base's directories and those an editor buffer below `dir` implies (an unsaved new package.json). */
  directories(dir: string): readonly string[] | undefined {
    const listed = this.base.directories?.(dir);
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const implied = [...this.overlays.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length).split(path.sep));
    const names = implied.filter((segments) => segments.length > 1).map((segments) => segments[0]);
    if (names.length === 0) return listed;
    return [...new Set([...(listed ?? []), ...names])];
  }

  /** Makes `text` the content of `filePath` until `delete`. */
  set(filePath: string, text: string): void {
    this.overlays.set(filePath, text);
  }

  /** True while an editor buffer stands for `filePath`. */
  has(filePath: string): boolean {
    return this.overlays.has(filePath);
  }

  /** Returns `filePath` to the base file system's content. */
  delete(filePath: string): void {
    this.overlays.delete(filePath);
  }
}
