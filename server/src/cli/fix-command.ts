/** `lint --fix`: applies every fix to the files on disk, installs the helper once, says what changed. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectHost } from '../analysis/project/project-host';
import { fixToFixedPoint } from '../engine/fixes/fix-passes';
import { readHelperTemplate } from '../engine/fixes/helper-template';
import { applyEdits } from '../engine/fixes/text-edits';
import type { Settings } from '@shared/settings';
import { relativePath } from './report';

/** What `--fix` did, for the summary line. */
export interface FixSummary {
  filesChanged: number;
  fixesApplied: number;
  lines: string[];
}

function readIfPresent(filePath: string): string | undefined {
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The directory of the nearest package.json above `filePath`, else `fallback`. */
function packageRoot(filePath: string, fallback: string): string {
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return fallback;
  }
}

/** Fixes `files` in place. Files with syntax errors or nothing to fix are left untouched. */
export function fixFiles(files: readonly string[], settingsFor: (file: string) => Settings, cwd: string, helperPathOption: string | undefined): FixSummary {
  const summary: FixSummary = { filesChanged: 0, fixesApplied: 0, lines: [] };
  const host = new ProjectHost();
  for (const file of files) {
    const text = readIfPresent(file);
    if (text === undefined) continue;
    const settings = settingsFor(file);
    // --helper-path, else the config file's helperPath (made absolute), else the package's src/.
    const helperPath = helperPathOption
      ? path.resolve(cwd, helperPathOption)
      : path.isAbsolute(settings.helperPath)
        ? settings.helperPath
        : path.join(packageRoot(file, cwd), 'src', 'resilient-http.ts');
    const run = fixToFixedPoint(host, file, text, settings, { helperPath, readFile: readIfPresent, template: readHelperTemplate });
    if (run.applied.length === 0) {
      host.setFile(file, text);
      continue;
    }
    fs.writeFileSync(file, run.text);
    summary.filesChanged++;
    summary.fixesApplied += run.applied.length;
    summary.lines.push(`fixed ${relativePath(cwd, file)}: ${[...new Set(run.applied)].join(', ')}`);
    const created = run.helper.create;
    if (created && !fs.existsSync(created.path)) {
      fs.mkdirSync(path.dirname(created.path), { recursive: true });
      fs.writeFileSync(created.path, created.text);
      summary.lines.push(`created ${relativePath(cwd, created.path)} (the resilient HTTP helper)`);
    }
    for (const [other, edits] of run.helper.edits) {
      const current = readIfPresent(other);
      if (current === undefined) continue;
      fs.writeFileSync(other, applyEdits(current, edits));
      summary.lines.push(`added undici to ${relativePath(cwd, other)}`);
    }
    for (const note of run.helper.notes) summary.lines.push(`note: ${note}`);
  }
  return summary;
}
