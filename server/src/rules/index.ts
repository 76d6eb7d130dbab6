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
import manifest from '../../../package.json';
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

/**
 * Where a rule's documentation page lives on the web, for this version: the page inside the published npm
 * package on unpkg (npm ships docs/rules/; the repository URL in package.json is not published yet). The CLI,
 * SARIF `helpUri`, the ESLint plugin's `meta.docs.url` and the language server's `codeDescription.href` use it;
 * VS Code opens the copy shipped in the .vsix instead (docs/architecture.md §8).
 */
export function ruleDocsUrl(id: string): string {
  return `https://unpkg.com/${manifest.name}@${manifest.version}/docs/rules/${id}.md`;
}
