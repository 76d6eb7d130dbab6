/**
 * The disk as the ESLint plugin's project model reads it, remembering what each path looked like when
 * it was read (size, modification and change times, inode; or that it was absent). A long-lived ESLint
 * process (an editor's ESLint server) keeps its project model between lints; `changes()` compares the
 * remembered stamps with the disk so that a neighbour edited, created or deleted since is read again
 * instead of staying stale (docs/eslint-plugin.md, "Files other than the one linted").
 */
import * as fs from 'node:fs';
import { diskFileSystem, type FileSystem } from '../analysis/project/file-system';

/** What a path looked like: `absent`, `dir`, or a regular file's `size:mtime:ctime:ino`. */
type Stamp = string;

const absent: Stamp = 'absent';

function stampOf(stat: fs.Stats | undefined): Stamp {
  if (!stat) return absent;
  if (stat.isDirectory()) return 'dir';
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}

function statOf(filePath: string): fs.Stats | undefined {
  try {
    return fs.statSync(filePath);
  } catch {
    return undefined;
  }
}

function listingStamp(names: readonly string[] | undefined): Stamp {
  return names === undefined ? absent : [...names].sort().join('\0');
}

/** What a sweep found: paths whose content changed or went away, and paths that appeared. */
export interface DiskChanges {
  changed: string[];
  appeared: string[];
}

/** The disk, with a stamp remembered for every path read or checked through it. */
export class StampedFileSystem implements FileSystem {
  private readonly stamps = new Map<string, Stamp>();
  /** Directory → the names of the directories it held when listed (sorted, joined), or `absent`. */
  private readonly listings = new Map<string, Stamp>();

  readText(filePath: string, maxBytes?: number): string | undefined {
    const stat = statOf(filePath);
    this.stamps.set(filePath, stampOf(stat));
    if (!stat?.isFile() || (maxBytes !== undefined && stat.size > maxBytes)) return undefined;
    try {
      // A write between the stat and the read leaves an older stamp than the text: the next sweep then
      // sees a change and reads it again, which costs a parse and is never wrong.
      return fs.readFileSync(filePath, 'utf8');
    } catch {
      return undefined;
    }
  }

  exists(filePath: string): boolean {
    const stat = statOf(filePath);
    this.stamps.set(filePath, stampOf(stat));
    return stat !== undefined;
  }

  /**
   * The directories inside `dir`, for workspace globs (`packages/*`). The listing is remembered too: a package
   * directory created or removed later counts as a path that appeared, so the next sweep starts the model afresh.
   */
  directories(dir: string): readonly string[] | undefined {
    const found = diskFileSystem.directories?.(dir);
    this.listings.set(dir, listingStamp(found));
    return found;
  }

  /** Remembers how `filePath` looks on disk now (the linted file, whose text came from ESLint). */
  remember(filePath: string): void {
    this.stamps.set(filePath, stampOf(statOf(filePath)));
  }

  /** Compares every remembered stamp with the disk; forgets the stamps of the paths that differ. */
  changes(): DiskChanges {
    const result: DiskChanges = { changed: [], appeared: [] };
    for (const [filePath, stamp] of this.stamps) {
      const now = stampOf(statOf(filePath));
      if (now === stamp) continue;
      this.stamps.delete(filePath);
      if (stamp === absent) result.appeared.push(filePath);
      else result.changed.push(filePath);
    }
    for (const [dir, listing] of this.listings) {
      if (listingStamp(diskFileSystem.directories?.(dir)) === listing) continue;
      this.listings.delete(dir);
      result.appeared.push(dir);
    }
    return result;
  }
}
