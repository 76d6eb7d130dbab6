/**
 * Connection pools: which `new X(...)` builds one (undici Agent/Pool/Client/BalancedPool, Node's
 * http(s).Agent), what its options say, and which pool a request goes through (`dispatcher`,
 * `agent`, `httpsAgent`, `pool.request`), followed across files.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { definitionOf } from './definitions';
import type { FileAnalysis } from './file-analysis';
import type { HttpCall } from './http-calls';
import { asObjectLiteral, numericValue, propertyValue } from './options';
import { originOf } from './values';

/** A pool class we know the options of. */
export interface PoolClass {
  kind: 'undici' | 'node-agent';
  /** `Agent`, `Pool`, `Client`, `BalancedPool`, `http.Agent`, `https.Agent`. */
  name: string;
  /** Index of the options argument. */
  optionsIndex: number;
}

/** A pool the code constructs, and where. */
export interface PoolInfo extends PoolClass {
  creation: ts.NewExpression;
  /** The file that holds the construction. */
  file: FileAnalysis;
  /** The options literal; undefined when none is given. */
  options?: ts.ObjectLiteralExpression;
  /** The options are built somewhere we cannot see (a parameter, a call, a spread). */
  optionsUnknown: boolean;
}

const undiciPools: Readonly<Record<string, number>> = { Agent: 0, Pool: 1, Client: 1, BalancedPool: 1 };

/** The pool class a `new X(...)` constructs, resolved through imports; undefined for anything else (pg's Pool…). */
export function poolClassOf(construction: ts.NewExpression): PoolClass | undefined {
  const origin = originOf(construction.expression);
  if (origin.kind !== 'module') return undefined;
  if (origin.module === 'undici' && origin.name in undiciPools) return { kind: 'undici', name: origin.name, optionsIndex: undiciPools[origin.name] };
  if ((origin.module === 'http' || origin.module === 'https') && origin.name === 'Agent') return { kind: 'node-agent', name: `${origin.module}.Agent`, optionsIndex: 0 };
  return undefined;
}

/** The pool a construction builds, with its options read. */
export function poolInfo(construction: ts.NewExpression, file: FileAnalysis): PoolInfo | undefined {
  const poolClass = poolClassOf(construction);
  if (!poolClass) return undefined;
  const literal = asObjectLiteral(construction.arguments?.[poolClass.optionsIndex]);
  const options = literal === 'unknown' ? undefined : literal;
  const optionsUnknown = literal === 'unknown' || (options?.properties.some((property) => ts.isSpreadAssignment(property)) ?? false);
  return { ...poolClass, creation: construction, file, options, optionsUnknown };
}

/** The pool an expression (`agent`, `this.pool`, an import, `new Agent(…)`) evaluates to, across files. */
export function poolOfExpression(expression: ts.Expression, file: FileAnalysis): PoolInfo | undefined {
  const definition = definitionOf(expression, file);
  if (!definition || !ts.isNewExpression(definition.node)) return undefined;
  return poolInfo(definition.node, definition.file);
}

/** A numeric option of a pool: its value, `absent`, or `unknown` (not a number we can evaluate, or hidden by a spread). */
export function poolOption(pool: PoolInfo, name: string): number | 'absent' | 'unknown' {
  const value = pool.options ? propertyValue(pool.options, name) : undefined;
  if (!value) return pool.optionsUnknown ? 'unknown' : 'absent';
  if (value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined')) return 'absent';
  return numericValue(value) ?? 'unknown';
}

/** Which fetch a `fetch`-family call is: the runtime's global one, npm undici's, or a polyfill (node-fetch…). */
export function fetchFlavor(http: HttpCall): 'global' | 'undici' | 'polyfill' | undefined {
  if (http.client !== 'fetch') return undefined;
  const callee = skipOuterExpressions(http.node.expression);
  if (ts.isIdentifier(callee)) {
    const binding = resolveName(callee.text, callee);
    if (binding.kind === 'global') return 'global';
    return binding.kind === 'import' && binding.module === 'undici' ? 'undici' : 'polyfill';
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const object = skipOuterExpressions(callee.expression);
    if (ts.isIdentifier(object) && resolveName(object.text, object).kind === 'global') return 'global';
    const origin = originOf(object);
    return origin.kind === 'module' && origin.module === 'undici' ? 'undici' : 'polyfill';
  }
  return 'polyfill';
}

/** The options literal a request passes, when it is one we can read. */
export function requestOptions(http: HttpCall): ts.ObjectLiteralExpression | undefined {
  const literal = asObjectLiteral(http.node.arguments[http.optionsIndex]);
  return literal === 'unknown' ? undefined : literal;
}

/** The pool a request goes through, when the code names one we can see. */
export function poolOfRequest(http: HttpCall, file: FileAnalysis): PoolInfo | undefined {
  if (http.client === 'undici-dispatcher' && ts.isPropertyAccessExpression(http.node.expression)) {
    return poolOfExpression(http.node.expression.expression, file);
  }
  const names = poolOptionNames(http);
  const fromCall = poolInOptions(requestOptions(http), names, file);
  if (fromCall) return fromCall;
  const instanceOptions = http.instance?.options && asObjectLiteral(http.instance.options);
  if (!instanceOptions || instanceOptions === 'unknown' || !http.instance?.creation) return undefined;
  return poolInOptions(instanceOptions, names, fileOf(http.instance.creation, file));
}

function poolOptionNames(http: HttpCall): readonly string[] {
  switch (http.client) {
    case 'fetch':
      return fetchFlavor(http) === 'polyfill' ? ['agent'] : ['dispatcher'];
    case 'undici-request':
      return ['dispatcher'];
    case 'axios':
      return ['httpsAgent', 'httpAgent'];
    case 'node-http':
    case 'superagent':
    case 'needle':
      return ['agent'];
    default:
      return [];
  }
}

function poolInOptions(options: ts.ObjectLiteralExpression | undefined, names: readonly string[], file: FileAnalysis): PoolInfo | undefined {
  if (!options) return undefined;
  for (const name of names) {
    const value = propertyValue(options, name);
    const pool = value && poolOfExpression(value, file);
    if (pool) return pool;
  }
  return undefined;
}

/** The project file a node belongs to (an instance created in another file was followed there). */
function fileOf(node: ts.Node, fallback: FileAnalysis): FileAnalysis {
  const fileName = node.getSourceFile().fileName;
  return fileName === fallback.path ? fallback : (fallback.project.cached(fileName) ?? fallback);
}
