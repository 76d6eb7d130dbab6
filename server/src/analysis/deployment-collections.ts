/**
 * Collections the deployment fixes, not the data: the regions a service runs in (`monitor.regions`,
 * `AVAILABLE_REGIONS`, `input.regions.filter(…)`). A region list has tens of entries at most, whatever the load, so a
 * fan-out over it is one batch of that size; a fan-out around it (per monitor, per tenant) is still looked at.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import type { CollectionBound } from './collections';
import { trailingName } from './syntax';

/** `regions`, `selectedRegions`, `AVAILABLE_REGIONS`; not `regionIds` or `regionsByUser` (keys of rows, a map). */
const regionListName = /regions$/i;
/** Calls that keep a subset of the list, in an order: still at most the regions. */
const subsetMethods = new Set(['filter', 'sort', 'toSorted', 'slice', 'reverse', 'toReversed']);
const maxSubsets = 4;

/** A bound for a list of the deployment's regions, or undefined for any other collection. */
export function deploymentBound(expression: ts.Expression | undefined): CollectionBound | undefined {
  let expr = expression && skipOuterExpressions(expression);
  for (let links = 0; expr && ts.isCallExpression(expr) && links < maxSubsets; links++) {
    const callee = expr.expression;
    if (!ts.isPropertyAccessExpression(callee) || !subsetMethods.has(callee.name.text)) return undefined;
    expr = skipOuterExpressions(callee.expression);
  }
  const name = expr && trailingName(expr);
  if (!name || !regionListName.test(name)) return undefined;
  return { reason: 'chunked', detail: `\`${name}\`, one request per region the service runs in` };
}
