/** Where findings anchor and what they point to: shared by several rules. */
import type { ts } from '../../analysis/ts';
import type { RequestSite } from '../../analysis/request-sites';
import type { RelatedLocation } from '../types';

/** `new Agent` without its arguments: a short anchor for a possibly long expression. */
export function newSpan(construction: ts.NewExpression): { start: number; end: number } {
  return { start: construction.getStart(), end: construction.expression.getEnd() };
}

/** Points at the request a wrapper ends up sending. */
export function wrapperRelated(site: RequestSite): RelatedLocation[] {
  const example = site.wrapper?.summary.example;
  if (!example) return [];
  return [
    {
      file: example.file.path,
      start: example.node.getStart(),
      end: example.node.getEnd(),
      message: `\`${site.wrapper?.summary.name}\` sends the request here (${example.label})`,
    },
  ];
}
