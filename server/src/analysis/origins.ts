/**
 * Which server (origin, `https://api.example.com`) a piece of code talks to, read from the code without
 * running it: URL literals, constants and template strings with a constant base (also imported from a
 * project file), `new URL(path, base)`, `process.env.X` through the project config's `env` mapping, and
 * the base URL of a client or pool (`axios.create({ baseURL })`, `got.extend({ prefixUrl })`,
 * `ky.create({ prefixUrl })`, `new Pool(url)` / `new Client(url)`). docs/probe.md lists what is linked.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import { definitionOf } from './definitions';
import type { FileAnalysis, HttpCall } from './file-analysis';
import { asObjectLiteral, propertyValue } from './options';
import { originKey } from './project/known-servers';

/** Stands for a part of a string we cannot read (a parameter, a call). */
const hole = '\u0000';
const maxHops = 6;

/** The origin an expression's URL has, when the scheme and host can be read; undefined otherwise. */
export function originOfUrl(expression: ts.Expression | undefined, file: FileAnalysis): string | undefined {
  const text = expression && urlText(expression, file, 0);
  return text === undefined ? undefined : originOfText(text);
}

/** `https://api.example.com` for `https://api.example.com/users/\0`; undefined when a hole is in the origin part. */
function originOfText(text: string): string | undefined {
  const match = /^(https?:\/\/[^/?#]*)/i.exec(text);
  if (!match || match[1].includes(hole)) return undefined;
  return originKey(match[1]);
}

/**
 * The string an expression evaluates to, with holes where it cannot be read; undefined when nothing of
 * it can. Follows identifiers to their definition, in this file or an imported project file.
 */
function urlText(expression: ts.Expression, file: FileAnalysis, hops: number): string | undefined {
  if (hops > maxHops) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isStringLiteralLike(expr)) return expr.text;
  if (ts.isTemplateExpression(expr)) {
    let text = expr.head.text;
    for (const span of expr.templateSpans) text += (urlText(span.expression, file, hops + 1) ?? hole) + span.literal.text;
    return text;
  }
  if (ts.isBinaryExpression(expr)) return binaryText(expr, file, hops);
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'URL') {
    const [input, base] = expr.arguments ?? [];
    const absolute = input && urlText(input, file, hops + 1);
    if (absolute !== undefined && originOfText(absolute)) return absolute;
    return base ? urlText(base, file, hops + 1) : absolute;
  }
  const env = envName(expr);
  if (env !== undefined) return file.project.envUrl(env, file.path);
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
    const definition = definitionOf(expr, file);
    if (!definition || definition.node === expr || !ts.isExpression(definition.node)) return undefined;
    return urlText(definition.node, definition.file, hops + 1);
  }
  return undefined;
}

function binaryText(expr: ts.BinaryExpression, file: FileAnalysis, hops: number): string | undefined {
  const operator = expr.operatorToken.kind;
  if (operator === ts.SyntaxKind.PlusToken) {
    const left = urlText(expr.left, file, hops + 1);
    if (left === undefined) return undefined;
    return left + (urlText(expr.right, file, hops + 1) ?? hole);
  }
  // `process.env.API_URL ?? 'https://api.example.com'`: the mapping, else the fallback the code gives.
  if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
    return urlText(expr.left, file, hops + 1) ?? urlText(expr.right, file, hops + 1);
  }
  return undefined;
}

/** `API_URL` for `process.env.API_URL` / `process.env['API_URL']`. */
function envName(expr: ts.Expression): string | undefined {
  const isEnv = (object: ts.Expression) =>
    ts.isPropertyAccessExpression(object) && object.name.text === 'env' && ts.isIdentifier(object.expression) && object.expression.text === 'process';
  if (ts.isPropertyAccessExpression(expr) && isEnv(expr.expression)) return expr.name.text;
  if (ts.isElementAccessExpression(expr) && isEnv(expr.expression) && ts.isStringLiteralLike(expr.argumentExpression)) return expr.argumentExpression.text;
  return undefined;
}

/** Where a client factory or pool constructor puts its base URL: the option name, or the argument index. */
function baseUrlOf(creation: ts.CallExpression | ts.NewExpression): ts.Expression | undefined {
  if (ts.isNewExpression(creation)) {
    const name = ts.isIdentifier(creation.expression) ? creation.expression.text : ts.isPropertyAccessExpression(creation.expression) ? creation.expression.name.text : '';
    return name === 'Pool' || name === 'Client' || name === 'BalancedPool' ? creation.arguments?.[0] : undefined;
  }
  const options = asObjectLiteral(creation.arguments[0]);
  if (!options || options === 'unknown') return undefined;
  return propertyValue(options, 'baseURL') ?? propertyValue(options, 'prefixUrl') ?? propertyValue(options, 'prefix');
}

/** The origin a client instance (`axios.create({ baseURL })`) or pool (`new Pool(url)`) is bound to. */
export function originOfCreation(creation: ts.CallExpression | ts.NewExpression, file: FileAnalysis): string | undefined {
  const fileOfCreation = creation.getSourceFile().fileName === file.path ? file : (file.project.cached(creation.getSourceFile().fileName) ?? file);
  const own = originOfUrl(baseUrlOf(creation), fileOfCreation);
  if (own) return own;
  // `got.extend(…)` of an instance that has the prefix: `base.extend({ headers })`.
  const callee = ts.isCallExpression(creation) ? creation.expression : undefined;
  if (callee && ts.isPropertyAccessExpression(callee) && (callee.name.text === 'extend' || callee.name.text === 'create')) {
    const definition = definitionOf(callee.expression, fileOfCreation);
    const node = definition?.node;
    if (node && (ts.isCallExpression(node) || ts.isNewExpression(node)) && node !== creation) return originOfCreation(node, definition.file);
  }
  return undefined;
}

/**
 * The origin an HTTP call sends to: its URL argument when absolute (`fetch(\`${API}/users\`)`), else the
 * base URL of the instance it goes through (`api.get('/users')`), else the origin of `pool.request(…)`'s pool.
 */
export function originOfCall(http: HttpCall, file: FileAnalysis): string | undefined {
  const first = http.node.arguments[0];
  if (http.client !== 'undici-dispatcher') {
    const own = originOfUrl(first, file);
    if (own) return own;
  }
  if (http.instance?.creation) return originOfCreation(http.instance.creation, file);
  if (http.client === 'undici-dispatcher' && ts.isPropertyAccessExpression(http.node.expression)) {
    const definition = definitionOf(http.node.expression.expression, file);
    if (definition && ts.isNewExpression(definition.node)) return originOfCreation(definition.node, definition.file);
  }
  return undefined;
}
