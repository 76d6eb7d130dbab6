/**
 * Reads `.http-resilience.json` (architecture.md §1, "one configuration"): strict JSON, validated entry
 * by entry. A file that is not JSON is ignored whole; an entry that is wrong is dropped and the rest
 * applies. Every problem carries the file and a 1-based line and column. Never throws.
 */
import * as path from 'node:path';
import { type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { originKey } from '../analysis/project/known-servers';
import type { ConfigProblem, ProjectConfig, ServerProfile } from '@shared/project-config';
import { isSeverityLevel } from '@shared/settings';

/** A parsed file: the config (possibly empty) and what was wrong with it. */
export interface ParsedConfig {
  config: ProjectConfig;
  problems: ConfigProblem[];
}

const topLevelKeys = new Set(['$schema', 'rules', 'ignores', 'helperPath', 'servers', 'env']);
const numericProfileKeys = ['idleTimeoutMs', 'knee', 'p50Ms', 'p99Ms', 'serverMaxConcurrentStreams', 'maxConcurrentStreams'] as const;
const stringProfileKeys = ['protocol', 'measuredAt', 'measuredWith'] as const;

/** Parses and validates the text of a configuration file. */
export function parseProjectConfig(file: string, text: string, ruleIds: readonly string[]): ParsedConfig {
  const config: ProjectConfig = { file, rules: {}, ignores: [], servers: {}, env: {} };
  const problems: ConfigProblem[] = [];
  // An entry's problem drops that entry; the two whole-file problems say so themselves.
  const at = (offset: number, message: string) => problems.push({ file, ...lineAndColumn(text, offset), message: `${message}; ignored` });
  const wholeFile = (offset: number, message: string) => problems.push({ file, ...lineAndColumn(text, offset), message: `${message}; the whole file is ignored` });
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    wholeFile(first?.offset ?? 0, `not valid JSON (${first ? describeParseError(first) : 'empty file'})`);
    return { config, problems };
  }
  if (root.type !== 'object') {
    wholeFile(root.offset, 'must be a JSON object');
    return { config, problems };
  }
  for (const [key, value, keyNode] of properties(root)) {
    if (!topLevelKeys.has(key)) at(keyNode.offset, `unknown key "${key}" (known: ${[...topLevelKeys].join(', ')})`);
    else if (key === 'rules') readRules(value, ruleIds, config, at);
    else if (key === 'ignores') readIgnores(value, config, at);
    else if (key === 'helperPath') readHelperPath(value, config, at);
    else if (key === 'servers') readServers(value, config, at);
    else if (key === 'env') readEnv(value, config, at);
  }
  return { config, problems };
}

type Report = (offset: number, message: string) => void;

function readRules(node: JsonNode, ruleIds: readonly string[], config: ProjectConfig, at: Report): void {
  if (node.type !== 'object') return at(node.offset, '"rules" must be an object of rule id to "off", "info", "warning" or "error"');
  for (const [id, value, keyNode] of properties(node)) {
    if (!ruleIds.includes(id)) at(keyNode.offset, `unknown rule "${id}"`);
    else if (!isSeverityLevel(value.value)) at(value.offset, `rule "${id}": severity must be "off", "info", "warning" or "error", got ${JSON.stringify(value.value)}`);
    else config.rules[id] = value.value;
  }
}

function readIgnores(node: JsonNode, config: ProjectConfig, at: Report): void {
  if (node.type !== 'array') return at(node.offset, '"ignores" must be an array of glob patterns');
  for (const item of node.children ?? []) {
    if (item.type === 'string' && item.value !== '') config.ignores.push(item.value as string);
    else at(item.offset, `"ignores" entries must be non-empty strings, got ${JSON.stringify(item.value)}`);
  }
}

function readHelperPath(node: JsonNode, config: ProjectConfig, at: Report): void {
  const value = node.value as unknown;
  if (typeof value === 'string' && value.trim() !== '' && !path.isAbsolute(value) && !value.split(/[\\/]/).includes('..')) config.helperPath = value.trim();
  else at(node.offset, `"helperPath" must be a relative path inside the project, got ${JSON.stringify(value)}`);
}

function readServers(node: JsonNode, config: ProjectConfig, at: Report): void {
  if (node.type !== 'object') return at(node.offset, '"servers" must be an object of origin to server profile');
  for (const [origin, value, keyNode] of properties(node)) {
    const key = originKey(origin);
    if (key === undefined) {
      at(keyNode.offset, `"servers": "${origin}" is not an http(s) origin`);
      continue;
    }
    if (value.type !== 'object') {
      at(value.offset, `"servers.${origin}" must be an object`);
      continue;
    }
    config.servers[key] = readProfile(value, origin, at);
  }
}

function readProfile(node: JsonNode, origin: string, at: Report): ServerProfile {
  const profile: ServerProfile = {};
  for (const [key, value, keyNode] of properties(node)) {
    const raw = value.value as unknown;
    if ((numericProfileKeys as readonly string[]).includes(key)) {
      if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) profile[key as (typeof numericProfileKeys)[number]] = raw;
      else at(value.offset, `"servers.${origin}.${key}" must be a positive number, got ${JSON.stringify(raw)}`);
    } else if (key === 'retryBudgetRatio') {
      if (typeof raw === 'number' && raw > 0 && raw <= 1) profile.retryBudgetRatio = raw;
      else at(value.offset, `"servers.${origin}.retryBudgetRatio" must be a number above 0 and at most 1, got ${JSON.stringify(raw)}`);
    } else if ((stringProfileKeys as readonly string[]).includes(key)) {
      if (typeof raw === 'string') profile[key as (typeof stringProfileKeys)[number]] = raw;
      else at(value.offset, `"servers.${origin}.${key}" must be a string, got ${JSON.stringify(raw)}`);
    } else if (key === 'errors') {
      const errors = recordOf(value, (item) => (typeof item === 'number' && Number.isInteger(item) && item >= 0 ? item : undefined));
      if (errors) profile.errors = errors;
      else at(value.offset, `"servers.${origin}.errors" must be an object of error kind to count`);
    } else if (key === 'rateLimit') {
      const headers = recordOf(value, (item) => (typeof item === 'string' ? item : undefined));
      if (headers) profile.rateLimit = headers;
      else at(value.offset, `"servers.${origin}.rateLimit" must be an object of header name to value`);
    } else {
      at(keyNode.offset, `"servers.${origin}": unknown key "${key}"`);
    }
  }
  return profile;
}

function readEnv(node: JsonNode, config: ProjectConfig, at: Report): void {
  if (node.type !== 'object') return at(node.offset, '"env" must be an object of environment variable to URL');
  for (const [name, value] of properties(node)) {
    if (typeof value.value === 'string' && originKey(value.value) !== undefined) config.env[name] = value.value;
    else at(value.offset, `"env.${name}" must be an http(s) URL, got ${JSON.stringify(value.value)}`);
  }
}

/** The values of an object node when every one passes `accept`; undefined otherwise. */
function recordOf<T>(node: JsonNode, accept: (value: unknown) => T | undefined): Record<string, T> | undefined {
  if (node.type !== 'object') return undefined;
  const record: Record<string, T> = {};
  for (const [key, value] of properties(node)) {
    const accepted = accept(value.value);
    if (accepted === undefined) return undefined;
    record[key] = accepted;
  }
  return record;
}

/** `[key, value node, key node]` for each property of an object node. */
function properties(node: JsonNode): Array<[string, JsonNode, JsonNode]> {
  const out: Array<[string, JsonNode, JsonNode]> = [];
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode && valueNode) out.push([keyNode.value as string, valueNode, keyNode]);
  }
  return out;
}

function describeParseError(error: ParseError): string {
  // `PropertyNameExpected` → `property name expected`
  return printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** 1-based line and column (UTF-16 units) of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
