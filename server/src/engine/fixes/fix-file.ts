/**
 * All the fixes for one file, as ESLint's fixer does it: non-overlapping fixes in source order, plus
 * the helper installation their code needs. Used by `lint --fix`, `source.fixAll` and the fix tests.
 */
import type { ReportedFinding } from '@shared/findings';
import type { Fix, TextEdit } from '@shared/edits';
import type { HelperFlavor } from './helper-template';
import { type HelperPlan, planHelperInstall } from './helper-install';
import { applyEdits, nonOverlappingGroups, overlaps } from './text-edits';

/** Where the helper goes and how to read the project. */
export interface HelperContext {
  /** Absolute path of the helper (extension adjusted to the project). */
  helperPath: string;
  readFile: (filePath: string) => string | undefined;
  template: (flavor: HelperFlavor) => string | undefined;
}

/** What fixing a file does. */
export interface FileFixes {
  /** Edits to the file itself (fixes and the helper import). */
  edits: TextEdit[];
  /** The fixes applied, in source order. */
  applied: Array<{ ruleId: string; title: string; start: number }>;
  /** The helper installation (other files), when a fix needs it. */
  helper?: HelperPlan;
}

/** Plans the fixes of `findings` (from one file whose text is `text`). */
export function planFileFixes(filePath: string, text: string, findings: readonly ReportedFinding[], helper: HelperContext): FileFixes {
  const candidates = findings
    .filter((finding): finding is ReportedFinding & { fix: Fix } => finding.fix !== undefined && finding.fix.edits.length > 0)
    .sort((a, b) => a.start - b.start)
    .map((finding) => ({
      ruleId: finding.ruleId,
      title: finding.fix.title,
      start: finding.start,
      edits: finding.fix.edits,
      names: finding.fix.helperImports ?? [],
      typeNames: finding.fix.helperTypeImports ?? [],
    }));
  let chosen = nonOverlappingGroups(candidates);
  const names = [...new Set(chosen.flatMap((fix) => fix.names))];
  const typeNames = [...new Set(chosen.flatMap((fix) => fix.typeNames))];
  let plan: HelperPlan | undefined;
  if (names.length > 0 || typeNames.length > 0) {
    plan = planHelperInstall({ filePath, fileText: text, names, typeNames, helperPath: helper.helperPath, readFile: helper.readFile, template: helper.template });
    if (!plan.available) chosen = nonOverlappingGroups(candidates.filter((fix) => fix.names.length === 0 && fix.typeNames.length === 0));
  }
  const edits = chosen.flatMap((fix) => fix.edits);
  if (plan?.available) {
    for (const edit of plan.edits.get(filePath) ?? []) if (!edits.some((other) => overlaps(edit, other))) edits.push(edit);
    plan.edits.delete(filePath);
  }
  return { edits, applied: chosen.map(({ ruleId, title, start }) => ({ ruleId, title, start })), helper: plan };
}

/** The file's text after its planned fixes. */
export function fixedText(text: string, fixes: FileFixes): string {
  return applyEdits(text, fixes.edits);
}
