/**
 * limiter-without-bound: a limiter that does not limit (p-map/p-queue without concurrency, pLimit(Infinity),
 * Bottleneck without maxConcurrent). When the requests it runs go to one origin with a saved knee, the message
 * and the fix use the knee instead of the helper's 8.
 */
import { ts } from '../analysis/ts';
import { limitersOnPath, type LimiterUse } from '../analysis/limiters';
import type { KnownServerProfile } from '../analysis/file-analysis';
import { requestSites, type RequestSite } from '../analysis/request-sites';
import { fixDefaults, numberLiteral } from '@shared/fix-defaults';
import { setOptionsEdits } from './support/options-edit';
import { codeOf, codeText, hostText } from './support/message-text';
import { defineRule, type Fix, type RuleContext, type TextEdit } from './types';
import { wrapperRelated } from './support/anchors';
import { hostOf, measuredWhen, profileOf, siteOrigin } from './support/server-profile';

const messages = {
  unbounded: '`{{limiter}}` has no concurrency bound, so every {{request}} starts at once; set {{option}} (e.g. 8).',
  unboundedKnee: '`{{limiter}}` has no bound; set {{knob}} to the knee {{knee}} of {{host}} ({{when}}).',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

/** One unbounded limiter and the request sites it runs, in the order found. */
interface UnboundedLimiter {
  anchor: ts.Node;
  use: LimiterUse;
  local: ts.Node | undefined;
  sites: RequestSite[];
}

const rule = defineRule<MessageId>({
  meta: {
    id: 'limiter-without-bound',
    description: 'A concurrency limiter configured without a bound (p-map/p-queue without concurrency, pLimit(Infinity), Bottleneck without maxConcurrent).',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    const limiters = new Map<ts.Node, UnboundedLimiter>();
    for (const site of requestSites(ctx.file)) {
      for (const use of limitersOnPath(site.node, ctx.file)) {
        if (use.bound !== 'unbounded') continue;
        const local = use.definition && use.definition.file === ctx.file ? use.definition.node : undefined;
        const anchor = local ?? use.call.expression;
        const known = limiters.get(anchor);
        if (known) known.sites.push(site);
        else limiters.set(anchor, { anchor, use, local, sites: [site] });
      }
    }
    for (const limiter of limiters.values()) report(ctx, limiter);
  },
});

function report(ctx: RuleContext<MessageId>, { anchor, use, local, sites }: UnboundedLimiter): void {
  const [site] = sites;
  const description = describe(anchor, use);
  const related = [...wrapperRelated(site)];
  if (use.definition && use.definition.file !== ctx.file) {
    related.push({
      file: use.definition.file.path,
      start: use.definition.node.getStart(),
      end: use.definition.node.getEnd(),
      message: 'the limiter is created here without a bound',
    });
  }
  const request = `\`${codeText(site.label)}\``;
  const profile = kneeProfile(ctx, sites);
  if (profile) {
    const data = { limiter: description.limiter, request, knob: description.knob, knee: profile.knee, host: hostText(hostOf(profile.origin)), when: measuredWhen(profile) };
    ctx.report(anchor, 'unboundedKnee', data, { related, fix: boundFix(local, use, profile.knee, hostOf(profile.origin)) });
    return;
  }
  ctx.report(anchor, 'unbounded', { limiter: description.limiter, option: description.option, request }, { related, fix: boundFix(local, use, fixDefaults.connections) });
}

/**
 * The saved profile with a knee of the one origin every request the limiter runs goes to; none when a request
 * is not linked to an origin or they go to several (one host's knee is no bound for another's requests).
 */
function kneeProfile(ctx: RuleContext<MessageId>, sites: readonly RequestSite[]): (KnownServerProfile & { origin: string; knee: number }) | undefined {
  const origins = new Set(sites.map((site) => siteOrigin(site, ctx.file)));
  const [origin] = origins;
  if (origins.size !== 1 || origin === undefined) return undefined;
  const profile = profileOf(ctx, origin);
  return profile?.knee !== undefined && profile.knee >= 1 ? { ...profile, knee: profile.knee } : undefined;
}

/** Sets the bound (the measured knee, else the helper's 8) where the limiter takes it. */
function boundFix(definition: ts.Node | undefined, use: LimiterUse, value: number, host?: string): Fix | undefined {
  const bound = numberLiteral(value);
  const target = definition ?? use.call;
  if (!ts.isCallExpression(target) && !ts.isNewExpression(target)) return undefined;
  const text = target.expression.getText();
  const args = target.arguments ?? [];
  let edits: TextEdit[] | undefined;
  if (/Bottleneck/.test(text)) edits = setOptionsEdits(target, 0, [['maxConcurrent', bound]]);
  else if (/PQueue|Queue$/.test(text) && ts.isNewExpression(target)) edits = setOptionsEdits(target, 0, [['concurrency', bound]]);
  else if (/Limit$/.test(text) && args[1]) edits = [{ start: args[1].getStart(), end: args[1].getEnd(), newText: bound }];
  else if (/limit/i.test(text) && args[0] && args.length === 1) edits = [{ start: args[0].getStart(), end: args[0].getEnd(), newText: bound }];
  else if (ts.isCallExpression(target) && args.length >= 2) edits = setOptionsEdits(target, 2, [['concurrency', bound]]);
  const title = host === undefined ? `Bound the limiter to ${bound} at a time` : `Bound the limiter to ${bound} at a time, the knee of ${host}`;
  return edits && edits.length > 0 ? { title, edits } : undefined;
}

/** The limiter as the message names it, the option to set (for the default message), and the knob the knee message sets. */
function describe(anchor: ts.Node, use: LimiterUse): { limiter: string; option: string; knob: string } {
  const limiter = codeOf(anchor);
  const text = `${use.definition?.node.getText() ?? ''} ${use.call.getText()}`;
  const kind = /Bottleneck/.test(text) ? 'bottleneck' : /PQueue|queue/i.test(use.definition?.node.getText() ?? '') ? 'p-queue' : /pLimit|limit\(/i.test(text) ? 'p-limit' : /Limit\s*\(/.test(text) ? 'async' : 'p-map';
  switch (kind) {
    case 'bottleneck':
      return { limiter, option: '`maxConcurrent`', knob: '`maxConcurrent`' };
    case 'p-queue':
      return { limiter, option: '`concurrency`', knob: '`concurrency`' };
    case 'p-limit':
    case 'async':
      return { limiter, option: 'a finite limit', knob: 'the limit' };
    default:
      return { limiter, option: '`concurrency`', knob: '`concurrency`' };
  }
}

export default rule;
