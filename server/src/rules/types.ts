/** The contract between the analysis core and the rules. Rules know nothing about LSP. */
import { ts } from '../analysis/ts';
import type { FileAnalysis } from '../analysis/file-analysis';
import type { Fix } from '@shared/edits';
import type { Severity } from '@shared/settings';

/** Fixes are plain data shared with the engine and the front ends; rules build them. */
export type { Fix, TextEdit } from '@shared/edits';

/** What a rule says about itself: identity, docs, messages. */
export interface RuleMeta<MessageId extends string = string> {
  /** Kebab-case id; equals the file name and the docs page name. */
  id: string;
  /** One sentence for tables, SARIF and the README. */
  description: string;
  /** Severity when the user has not configured one. */
  severity: Severity;
  /** Message templates by messageId; `{{name}}` is replaced with `data.name`. */
  messages: Record<MessageId, string>;
  /** Whether findings may carry a fix. */
  fixable: boolean;
  /** False for rules about Node's sockets that do not apply to code running in a browser. */
  appliesToBrowser: boolean;
}

/** Another place involved in a finding (the limiter, the pool, the wrapper). */
export interface RelatedLocation {
  file: string;
  start: number;
  end: number;
  message: string;
}

/** What a rule returns: offsets into the file text, never LSP positions. */
export interface Finding {
  ruleId: string;
  messageId: string;
  start: number;
  end: number;
  data: Record<string, string | number>;
  fix?: Fix;
  related?: RelatedLocation[];
}

/** Everything a rule may look at for one file. */
export interface RuleContext<MessageId extends string = string> {
  file: FileAnalysis;
  /**
   * Creates a finding anchored on a node (or an offset span) of this file. A property, not a method, so
   * that a context typed for one rule's message ids cannot be passed where another's are expected.
   */
  report: (
    at: ts.Node | { start: number; end: number },
    messageId: MessageId,
    data?: Record<string, string | number>,
    extra?: Pick<Finding, 'fix' | 'related'>,
  ) => void;
}

/** One rule: metadata and a check over a file. */
export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  check(ctx: RuleContext<MessageId>): void;
}

/** Declares a rule with its message ids checked at compile time (typescript-eslint's `createRule`). */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}
