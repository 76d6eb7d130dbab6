/**
 * Where a limiter's bound is written, to change it: `pLimit(16)`, `mapLimit(items, 16, fn)`,
 * `pMap(items, fn, { concurrency: 16 })`, `new PQueue({ concurrency: 16 })`.
 */
import { ts } from '../../analysis/ts';
import type { LimiterUse } from '../../analysis/limiters';
import { numericValue, propertyValue } from '../../analysis/options';
import type { TextEdit } from '../types';

const boundOptions = ['concurrency', 'maxConcurrent'];

/** The numeric literal in `filePath` that gives the limiter its bound; undefined when it is a constant, elsewhere, or not a literal. */
function limiterBoundLiteral(use: LimiterUse, filePath: string): ts.Expression | undefined {
  if (typeof use.bound !== 'number') return undefined;
  const node = use.definition?.node ?? use.call;
  if (node.getSourceFile().fileName !== filePath || (!ts.isCallExpression(node) && !ts.isNewExpression(node))) return undefined;
  for (const argument of node.arguments ?? []) {
    const candidates = ts.isObjectLiteralExpression(argument) ? boundOptions.map((name) => propertyValue(argument, name)) : [argument];
    for (const candidate of candidates) {
      if (candidate && ts.isNumericLiteral(candidate) && numericValue(candidate) === use.bound) return candidate;
    }
  }
  return undefined;
}

/** Replaces the limiter's bound with `value`; undefined when the bound cannot be edited here. */
export function limiterBoundEdits(use: LimiterUse, filePath: string, value: number): TextEdit[] | undefined {
  const literal = limiterBoundLiteral(use, filePath);
  return literal && [{ start: literal.getStart(), end: literal.getEnd(), newText: String(value) }];
}
