/** Reading option objects and constants without a type checker. */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';

/** Whether an option is set: `unknown` when the object is built somewhere we cannot see. */
export type Presence = 'yes' | 'no' | 'unknown';

const maxDepth = 4;

/**
 * The object literal an expression evaluates to, following `const` declarations; `unknown` for
 * anything else (a parameter, a call); undefined when there is no expression.
 */
export function asObjectLiteral(expression: ts.Expression | undefined, depth = 0): ts.ObjectLiteralExpression | 'unknown' | undefined {
  if (!expression) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isObjectLiteralExpression(expr)) return expr;
  if (depth < maxDepth && ts.isIdentifier(expr)) {
    const initializer = constInitializer(expr);
    if (initializer) return asObjectLiteral(initializer, depth + 1);
  }
  return 'unknown';
}

/** The initializer of the `const` (or never-reassigned `let`) an identifier names, if local. */
export function constInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind !== 'local') return undefined;
  const declaration = binding.declaration;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const isConst = (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
  return isConst ? declaration.initializer : undefined;
}

/** The value of property `name` in an object literal (last one wins, like at run time). */
export function propertyValue(literal: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  for (const property of literal.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) found = property.initializer;
    else if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) found = property.name;
    else if (ts.isMethodDeclaration(property) && propertyNameText(property.name) === name) found = property.name as ts.Expression;
  }
  return found;
}

/** The property assignment node for `name`, to anchor a finding on it. */
export function propertyNode(literal: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return literal.properties.find((property) => property.name !== undefined && propertyNameText(property.name) === name);
}

/** Text of a property name that is an identifier or a string literal. */
export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** Whether any of `names` is set on the options `expression` (absent expression: `no`). */
export function optionPresence(expression: ts.Expression | undefined, names: readonly string[]): Presence {
  const literal = asObjectLiteral(expression);
  if (literal === undefined) return 'no';
  if (literal === 'unknown') return 'unknown';
  return literalPresence(literal, names, 0);
}

function literalPresence(literal: ts.ObjectLiteralExpression, names: readonly string[], depth: number): Presence {
  if (names.some((name) => propertyValue(literal, name) !== undefined)) return 'yes';
  let result: Presence = 'no';
  for (const property of literal.properties) {
    if (!ts.isSpreadAssignment(property)) continue;
    const spread = asObjectLiteral(property.expression);
    const inner = spread === undefined ? 'no' : spread === 'unknown' || depth >= maxDepth ? 'unknown' : literalPresence(spread, names, depth + 1);
    if (inner === 'yes') return 'yes';
    if (inner === 'unknown') result = 'unknown';
  }
  return result;
}

/** A string literal's text (also a no-substitution template), following `const`s. */
export function stringValue(expression: ts.Expression | undefined, depth = 0): string | undefined {
  // Bounded: `const a = b, b = a` parses, and would otherwise be followed forever.
  if (!expression || depth > maxDepth) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isStringLiteralLike(expr)) return expr.text;
  if (ts.isIdentifier(expr)) {
    const initializer = constInitializer(expr);
    return initializer ? stringValue(initializer, depth + 1) : undefined;
  }
  return undefined;
}

/** A number the expression certainly evaluates to: literals, `Infinity`, `1_000 * 60`, consts. */
export function numericValue(expression: ts.Expression | undefined, depth = 0): number | undefined {
  if (!expression || depth > maxDepth) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isNumericLiteral(expr)) return Number(expr.text.replace(/_/g, ''));
  if (ts.isIdentifier(expr)) {
    if (expr.text === 'Infinity' && resolveName('Infinity', expr).kind === 'global') return Infinity;
    const initializer = constInitializer(expr);
    return initializer ? numericValue(initializer, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && expr.getText() === 'Number.POSITIVE_INFINITY') return Infinity;
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken) {
    const inner = numericValue(expr.operand, depth + 1);
    return inner === undefined ? undefined : -inner;
  }
  if (ts.isBinaryExpression(expr)) return binaryValue(expr, depth);
  return undefined;
}

function binaryValue(expr: ts.BinaryExpression, depth: number): number | undefined {
  const left = numericValue(expr.left, depth + 1);
  const right = numericValue(expr.right, depth + 1);
  if (left === undefined || right === undefined) return undefined;
  switch (expr.operatorToken.kind) {
    case ts.SyntaxKind.AsteriskToken:
      return left * right;
    case ts.SyntaxKind.PlusToken:
      return left + right;
    case ts.SyntaxKind.MinusToken:
      return left - right;
    case ts.SyntaxKind.SlashToken:
      return left / right;
    default:
      return undefined;
  }
}

/**
 * A boolean option that is off unless a caller turns it on: `false`, or a constant holding `opt ?? false`,
 * `opt || false`, `opt === undefined ? false : opt` (Sentry's `keepAlive`). Callers rarely pass it, so the
 * default is what runs.
 */
export function offByDefault(expression: ts.Expression | undefined, depth = 0): boolean {
  if (!expression || depth > 3) return false;
  const expr = skipOuterExpressions(expression);
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isIdentifier(expr)) return offByDefault(constInitializer(expr), depth + 1);
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return skipOuterExpressions(expr.right).kind === ts.SyntaxKind.FalseKeyword;
  }
  if (ts.isConditionalExpression(expr)) {
    const test = skipOuterExpressions(expr.condition);
    const whenTrue = skipOuterExpressions(expr.whenTrue).kind === ts.SyntaxKind.FalseKeyword;
    const whenFalse = skipOuterExpressions(expr.whenFalse).kind === ts.SyntaxKind.FalseKeyword;
    // `opt === undefined ? false : opt`, `opt !== undefined ? opt : false`
    const absent = ts.isBinaryExpression(test) && /^(undefined|null)$/.test(test.right.getText());
    if (!absent) return false;
    const equals = test.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || test.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken;
    return equals ? whenTrue : whenFalse;
  }
  return false;
}
