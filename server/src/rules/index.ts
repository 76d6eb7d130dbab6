/** The explicit rule registry. A test checks it against the files in this folder and docs/rules/. */
import agentPerRequest from './agent-per-request';
import defaultPool from './default-pool';
import dispatcherMismatch from './dispatcher-mismatch';
import keepaliveMismatch from './keepalive-mismatch';
import limiterWithoutBound from './limiter-without-bound';
import missingRetry from './missing-retry';
import missingTimeout from './missing-timeout';
import poolConcurrencyMismatch from './pool-concurrency-mismatch';
import retryNeverTriggers from './retry-never-triggers';
import retryWithoutBackoff from './retry-without-backoff';
import type { Rule } from './types';
import unboundedConcurrency from './unbounded-concurrency';
import unconsumedBody from './unconsumed-body';
import unsafeRetryMethod from './unsafe-retry-method';
import wrongPoolOption from './wrong-pool-option';

/** Every rule, in the order of the README's rules table. */
export const rules: readonly Rule[] = [
  unboundedConcurrency,
  limiterWithoutBound,
  defaultPool,
  poolConcurrencyMismatch,
  agentPerRequest,
  wrongPoolOption,
  keepaliveMismatch,
  dispatcherMismatch,
  missingTimeout,
  missingRetry,
  retryWithoutBackoff,
  retryNeverTriggers,
  unsafeRetryMethod,
  unconsumedBody,
];

/** Ids of every rule. */
export const ruleIds: readonly string[] = rules.map((rule) => rule.meta.id);

/** Where a rule's documentation page lives (diagnostics link here). */
export function ruleDocsUrl(id: string): string {
  return `https://github.com/http-resilience/http-resilience/blob/main/docs/rules/${id}.md`;
}
