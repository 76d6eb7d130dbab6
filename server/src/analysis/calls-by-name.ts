/** The calls of a file by the name they call, for analyses that look for a function's callers in its own file. */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import type { FileAnalysis } from './file-analysis';

/** Per file version (a new `FileAnalysis` per parse), built once rather than walking every call per parameter. */
const callsByName = new WeakMap<FileAnalysis, Map<string, ts.CallExpression[]>>();

/** The file's calls of `name` (`load(…)` and `api.load(…)`, parentheses and casts around the callee skipped), in source order. */
export function callsNamed(file: FileAnalysis, name: string): readonly ts.CallExpression[] {
  let index = callsByName.get(file);
  if (!index) {
    index = new Map();
    for (const call of file.calls) {
      const callee = skipOuterExpressions(call.expression);
      const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (called === undefined) continue;
      const calls = index.get(called);
      if (calls) calls.push(call);
      else index.set(called, [call]);
    }
    callsByName.set(file, index);
  }
  return index.get(name) ?? [];
}
