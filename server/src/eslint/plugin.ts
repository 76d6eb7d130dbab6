/**
 * eslint-plugin-http-resilience: the fourteen rules as ESLint rules, in ESLint's flat-config plugin shape
 * (docs/eslint-plugin.md). The same analyzer as the CLI and the editor, not a port: each ESLint rule
 * reports the findings of its id from one engine run per linted file (lint-session.ts).
 */
import type { ESLint, Linter, Rule as EslintRule } from 'eslint';
import manifest from '../../../package.json';
import { ts } from '../analysis/ts';
import { ruleDocsUrl, rules } from '../rules';
import type { Rule } from '../rules/types';
import type { Severity } from '@shared/settings';
import { LintSession, type SessionFinding, type SessionOptions } from './lint-session';

/** The plugin's namespace: rules are `http-resilience/<id>`. */
export const namespace = 'http-resilience';

/**
 * ESLint has two severities. An `error` rule is `'error'`; `warning` and `info` rules are `'warn'`:
 * an info finding (missing-retry, keepalive-mismatch) is advice with a known gap in the evidence, which
 * ESLint can only show as a warning, and `--max-warnings` then counts it (set the rule to `'off'` if not).
 */
export function eslintSeverity(severity: Severity): Linter.RuleSeverity {
  return severity === 'error' ? 'error' : 'warn';
}

/** The ESLint rule that reports `rule`'s findings from the session's engine run. */
function eslintRule(rule: Rule, session: LintSession): EslintRule.RuleModule {
  const id = rule.meta.id;
  return {
    meta: {
      // `problem`: code that fails under load; `suggestion`: the info rules' advice.
      type: rule.meta.severity === 'info' ? 'suggestion' : 'problem',
      docs: { description: rule.meta.description, url: ruleDocsUrl(id), recommended: true },
      messages: { ...rule.meta.messages },
      // No options: `['error', { anything }]` is rejected by ESLint's own validation.
      schema: [],
      // Fixes are offered as suggestions (they change what the program does); never as autofixes.
      ...(rule.meta.fixable ? { hasSuggestions: true } : {}),
    },
    create(context) {
      session.register(context, id);
      return {
        Program() {
          for (const finding of session.findingsFor(context, id)) context.report(descriptor(finding));
        },
      };
    },
  };
}

function descriptor(finding: SessionFinding): EslintRule.ReportDescriptor {
  const suggestion = finding.suggestion;
  const suggest: EslintRule.SuggestionReportDescriptor[] | undefined = suggestion && [
    { desc: suggestion.desc, fix: (fixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.newText)) },
  ];
  const message = finding.messageId ? { messageId: finding.messageId, data: finding.data } : { message: finding.message };
  return { loc: finding.loc, ...message, ...(suggest ? { suggest } : {}) };
}

/** The plugin object, with `configs.recommended` registering it. */
export interface HttpResiliencePlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, EslintRule.RuleModule>;
  configs: { recommended: Linter.Config };
}

/** A plugin with its own session (the package exports one made with the defaults; tests make their own). */
export function createPlugin(options: SessionOptions = {}): HttpResiliencePlugin {
  const session = new LintSession(options);
  const plugin: HttpResiliencePlugin = {
    meta: { name: 'eslint-plugin-http-resilience', version: manifest.version, namespace },
    rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, eslintRule(rule, session)])),
    configs: { recommended: {} },
  };
  plugin.configs.recommended = {
    name: `${namespace}/recommended`,
    plugins: { [namespace]: plugin },
    rules: Object.fromEntries(rules.map((rule) => [`${namespace}/${rule.meta.id}`, eslintSeverity(rule.meta.severity)])),
  };
  return plugin;
}

/** `HTTP_RESILIENCE_ESLINT_TRACE=1`: one stderr line per linted file, saying where its tree came from. */
function traceFromEnvironment(): SessionOptions['trace'] {
  if (!process.env.HTTP_RESILIENCE_ESLINT_TRACE) return undefined;
  return (event) => {
    const origin = event.origin;
    const how =
      origin.kind === 'adopted'
        ? `the parser's TypeScript ${origin.typescript} tree`
        : origin.kind === 'reused'
          ? 'the tree already held for this text'
          : origin.kind === 'skipped'
            ? `skipped (${origin.reason})`
            : `parsed with TypeScript ${ts.version} (${origin.reason}${origin.parserTypeScript ? `: the parser's is ${origin.parserTypeScript}` : ''})`;
    process.stderr.write(`http-resilience: ${event.file}: ${how}, ${event.findings} finding(s)\n`);
  };
}

/** The package's plugin: one session for the ESLint process. */
export const plugin = createPlugin({ trace: traceFromEnvironment() });
