/** `lint --fix` semantics: fix, re-analyse, fix again, until nothing changes (at most 10 passes, as ESLint). */
import { analyzeFile } from '../analyze-file';
import type { ProjectHost } from '../../analysis/project/project-host';
import type { Settings } from '@shared/settings';
import { fixedText, type HelperContext, planFileFixes } from './fix-file';
import type { HelperPlan } from './helper-install';

const maxPasses = 10;

/** The outcome of fixing one file to a fixed point. */
export interface FixRun {
  text: string;
  /** Rule ids of every fix applied, in order. */
  applied: string[];
  /** Helper files to create and other files' edits (package.json), merged over the passes. */
  helper: HelperPlan;
}

/**
 * Fixes `filePath` (whose current text is `text`) in the host until no fix applies. The host sees
 * each pass's text; the helper planned in one pass is visible to the next through `helper.readFile`.
 */
export function fixToFixedPoint(host: ProjectHost, filePath: string, text: string, settings: Settings, helper: HelperContext): FixRun {
  const run: FixRun = { text, applied: [], helper: { edits: new Map(), notes: [], available: true } };
  const created = new Map<string, string>();
  const readFile = (candidate: string) => created.get(candidate) ?? helper.readFile(candidate);
  for (let pass = 0; pass < maxPasses; pass++) {
    const analysis = host.setFile(filePath, run.text);
    if (analysis.syntaxError) break;
    const fixes = planFileFixes(filePath, run.text, analyzeFile(analysis, settings), { ...helper, readFile });
    if (fixes.applied.length === 0) break;
    run.text = fixedText(run.text, fixes);
    run.applied.push(...fixes.applied.map((fix) => fix.ruleId));
    if (fixes.helper?.create) {
      created.set(fixes.helper.create.path, fixes.helper.create.text);
      run.helper.create ??= fixes.helper.create;
    }
    for (const [other, edits] of fixes.helper?.edits ?? []) if (!run.helper.edits.has(other)) run.helper.edits.set(other, edits);
    run.helper.notes.push(...(fixes.helper?.notes ?? []));
  }
  return run;
}
