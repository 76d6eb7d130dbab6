/** What the nearest package.json says about where a directory's code runs, cached per directory. */
import * as path from 'node:path';
import { packageEnvironment } from '../environment';
import type { FileSystem } from './file-system';

/** Reads package.json files through the project's file system. */
export class PackageEnvironments {
  /** Directory → environment its nearest package.json implies (undefined: no opinion). */
  private readonly byDirectory = new Map<string, 'browser' | undefined>();

  constructor(private readonly files: FileSystem) {}

  /** What the nearest package.json above `filePath` says about where its code runs. */
  of(filePath: string): 'browser' | undefined {
    return this.ofDirectory(path.dirname(filePath));
  }

  /** Forgets everything when a package.json changes. */
  invalidate(filePath: string): void {
    if (path.basename(filePath) === 'package.json') this.byDirectory.clear();
  }

  private ofDirectory(dir: string): 'browser' | undefined {
    if (this.byDirectory.has(dir)) return this.byDirectory.get(dir);
    const manifest = this.files.readText(path.join(dir, 'package.json'));
    const parent = path.dirname(dir);
    const result = manifest !== undefined ? packageEnvironment(manifest) : parent === dir ? undefined : this.ofDirectory(parent);
    this.byDirectory.set(dir, result);
    return result;
  }
}
