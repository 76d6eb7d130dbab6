/** Applies every fix a fixture gets, as `lint --fix` does, with the helper planned next to the fixture. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectHost } from '../../src/analysis/project/project-host';
import { fixToFixedPoint } from '../../src/engine/fixes/fix-passes';
import { readHelperTemplate } from '../../src/engine/fixes/helper-template';
import { defaultSettings } from '../../src/shared/settings';

/** The fixed text of a fixture and the helper file the fixes would create. */
export interface FixOutcome {
  text: string;
  helper?: { path: string; text: string };
  applied: string[];
}

/** Fixes `file` to a fixed point; the helper goes beside it, and no package.json is touched. */
export function fixFixture(file: string): FixOutcome {
  const text = fs.readFileSync(file, 'utf8');
  const host = new ProjectHost();
  const run = fixToFixedPoint(host, file, text, defaultSettings, {
    helperPath: path.join(path.dirname(file), 'resilient-http.ts'),
    // A stand-in helper may sit beside a fixture; the fix must plan the real one, and no package.json.
    readFile: () => undefined,
    template: readHelperTemplate,
  });
  return { text: run.text, helper: run.helper.create, applied: run.applied };
}
