/**
 * Paths that leave a response's body unread: from `const res = await fetch(…)` to every way out of the
 * block that declares it (return, throw, break, continue, the end of the block), is the body read,
 * cancelled or handed on first? A walk over statements, not a full control-flow graph: any use of the
 * variable that might consume it counts as consuming (a missed finding rather than a false alarm).
 */
import { ts } from './ts';
import { resolveName } from './bindings';
import { referencesTo } from './references';
import { headReaders } from './responses';
import { enclosingFunction, isFunctionNode, isLoop } from './syntax';

/** A way out of the declaring block on which the body was not consumed; `end` when control falls off its end. */
export type UnreadExit = ts.ReturnStatement | ts.ThrowStatement | ts.BreakStatement | ts.ContinueStatement | 'end';

/** Where a flow stands: inside a loop (`continue` stays in the block), a breakable, a `try` with `catch`. */
interface Frame {
  inLoop: boolean;
  inBreakable: boolean;
  inCatchingTry: boolean;
}

const noBodyStatus = /\b(status|statusCode)\s*===?\s*(204|205|304)\b/;
/**
 * Statements nested deeper than this (blocks in blocks, loops in tries…) are not walked: the body counts
 * as consumed there, so the walk never runs out of stack (a missed finding rather than a crash).
 * `else if` chains do not nest: they are walked in a loop, however long.
 */
const maxNesting = 200;

/**
 * The exits of `block` after `declaration` on which the binding `name` (a response, or an undici body)
 * is not consumed. `wholeBody` says every use consumes (an undici `body`), else reading only the
 * head (`status`, `ok`, `headers`) does not.
 */
export function unreadExits(name: ts.Identifier, declaration: ts.Statement, block: ts.Block, wholeBody: boolean): UnreadExit[] {
  const owner = enclosingFunction(name);
  const consuming = referencesTo(name, block).filter((use) => wholeBody || consumes(use, owner));
  const exits: UnreadExit[] = [];
  const touches = (node: ts.Node) => consuming.some((use) => use.pos >= node.pos && use.end <= node.end);
  const walker = new Walker(touches, exits);
  const rest = block.statements.slice(block.statements.indexOf(declaration) + 1);
  if (walker.list(rest, true, { inLoop: false, inBreakable: false, inCatchingTry: false })) exits.push('end');
  return exits;
}

/** A use that may read, cancel or hand on the body: anything but a look at the head in the same function. */
function consumes(use: ts.Identifier, owner: ts.Node | undefined): boolean {
  if (enclosingFunction(use) !== owner) return true; // captured by a closure
  const parent = use.parent;
  if (ts.isCallExpression(parent) && parent.arguments.includes(use) && onlyReadsHead(parent, parent.arguments.indexOf(use))) return false;
  return !(ts.isPropertyAccessExpression(parent) && parent.expression === use && headReaders.has(parent.name.text));
}

/**
 * `logStatus(res)` where this file's `function logStatus(res: Response)` only looks at `res.status` and
 * `res.headers`: handing the response to it reads nothing. One level deep; any other use counts as reading.
 */
function onlyReadsHead(call: ts.CallExpression, index: number): boolean {
  if (!ts.isIdentifier(call.expression) || call.arguments.slice(0, index + 1).some((argument) => ts.isSpreadElement(argument))) return false;
  const binding = resolveName(call.expression.text, call.expression);
  if (binding.kind !== 'local') return false;
  const declaration = binding.declaration;
  const helper = ts.isFunctionDeclaration(declaration) ? declaration : ts.isVariableDeclaration(declaration) && declaration.initializer && isFunctionNode(declaration.initializer) ? declaration.initializer : undefined;
  const parameter = helper?.parameters[index];
  if (!helper?.body || !parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return false;
  const uses = referencesTo(parameter.name, helper.body);
  return uses.every((use) => enclosingFunction(use) === helper && ts.isPropertyAccessExpression(use.parent) && use.parent.expression === use && headReaders.has(use.parent.name.text));
}

class Walker {
  private depth = 0;

  constructor(
    private readonly touches: (node: ts.Node) => boolean,
    private readonly exits: UnreadExit[],
  ) {}

  /** Walks statements in order; returns whether some path reaches the end with the body unread. */
  list(statements: readonly ts.Statement[], live: boolean, frame: Frame): boolean {
    for (const statement of statements) live = this.statement(statement, live, frame);
    return live;
  }

  private statement(node: ts.Statement, live: boolean, frame: Frame): boolean {
    if (!live) return false;
    if (this.depth >= maxNesting) return false;
    this.depth++;
    const result = this.nested(node, live, frame);
    this.depth--;
    return result;
  }

  private nested(node: ts.Statement, live: boolean, frame: Frame): boolean {
    if (ts.isBlock(node)) return this.list(node.statements, live, frame);
    if (ts.isIfStatement(node)) return this.ifStatement(node, frame);
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return this.exit(node, ts.isThrowStatement(node) && frame.inCatchingTry);
    if (ts.isBreakStatement(node)) return this.exit(node, !node.label && frame.inBreakable);
    if (ts.isContinueStatement(node)) return this.exit(node, !node.label && frame.inLoop);
    if (ts.isLabeledStatement(node)) return this.statement(node.statement, live, frame);
    if (ts.isTryStatement(node)) return this.tryStatement(node, frame);
    if (ts.isSwitchStatement(node)) return this.switchStatement(node, frame);
    if (isLoop(node)) return this.loop(node, frame);
    return !this.touches(node);
  }

  /** A return or throw that leaves the block (a throw inside a `try … catch` does not). */
  private exit(node: Exclude<UnreadExit, 'end'>, staysInside: boolean): boolean {
    if (!staysInside && !this.touches(node)) this.exits.push(node);
    return false;
  }

  /** An `if` and its `else if` chain, walked in a loop (a chain thousands long does not nest the walk). */
  private ifStatement(node: ts.IfStatement, frame: Frame): boolean {
    let reached = false;
    for (let current = node; ; ) {
      if (this.touches(current.expression)) return reached;
      // `if (res.status === 204) return`: a 204/205/304 carries no body, so that branch leaks nothing.
      const condition = current.expression.getText();
      const thenLive = !(noBodyStatus.test(condition) && !condition.includes('!=='));
      const elseLive = !(/!==\s*(204|205|304)\b/.test(condition) && !condition.includes('||'));
      reached = this.statement(current.thenStatement, thenLive, frame) || reached;
      const otherwise = current.elseStatement;
      if (!otherwise) return reached || elseLive;
      if (!elseLive) return reached;
      if (!ts.isIfStatement(otherwise)) return this.statement(otherwise, elseLive, frame) || reached;
      current = otherwise;
    }
  }

  private tryStatement(node: ts.TryStatement, frame: Frame): boolean {
    // `finally { await res.body?.cancel() }` covers every way out of the try.
    if (node.finallyBlock && this.touches(node.finallyBlock)) return false;
    const inner = { ...frame, inCatchingTry: frame.inCatchingTry || node.catchClause !== undefined };
    const afterTry = this.list(node.tryBlock.statements, true, inner);
    const afterCatch = node.catchClause ? this.list(node.catchClause.block.statements, !this.touches(node.tryBlock), frame) : false;
    const live = afterTry || afterCatch;
    return node.finallyBlock ? this.list(node.finallyBlock.statements, live, frame) : live;
  }

  private switchStatement(node: ts.SwitchStatement, frame: Frame): boolean {
    if (this.touches(node.expression)) return false;
    const inner = { ...frame, inBreakable: true };
    for (const clause of node.caseBlock.clauses) this.list(clause.statements, true, inner);
    return !this.touches(node);
  }

  private loop(node: ts.IterationStatement, frame: Frame): boolean {
    // `for await (const chunk of res.body)` reads it in the header.
    if (this.touchesHeader(node)) return false;
    const header = node.getText().slice(0, node.statement.getStart() - node.getStart());
    this.statement(node.statement, true, { ...frame, inLoop: true, inBreakable: true });
    if (this.touches(node.statement)) return false;
    // `while (true)` / `for (;;)` with no `break`: the block's end is never reached through it.
    const endless = /^(while\s*\(\s*true\s*\)|for\s*\(\s*;\s*;\s*\))/.test(header) && !/\bbreak\b/.test(node.statement.getText());
    return !endless;
  }

  private touchesHeader(node: ts.IterationStatement): boolean {
    const parts: Array<ts.Node | undefined> = ts.isForStatement(node)
      ? [node.initializer, node.condition, node.incrementor]
      : ts.isForOfStatement(node) || ts.isForInStatement(node)
        ? [node.initializer, node.expression]
        : [(node as ts.WhileStatement | ts.DoStatement).expression];
    return parts.some((part) => part !== undefined && this.touches(part));
  }
}

/**
 * An expression body of a callback that takes the response (`(res) => res.ok ? Effect.void : Effect.fail(…)`) leaves
 * it unread: no use of it but head reads, or, in a `cond ? a : b` whose condition reads only the head, a branch that
 * never uses it (the `!ok` branch fails without reading).
 */
export function expressionLeavesUnread(name: ts.Identifier, body: ts.Expression): boolean {
  const reads = (node: ts.Node) => referencesTo(name, node).some((use) => !(ts.isPropertyAccessExpression(use.parent) && use.parent.expression === use && headReaders.has(use.parent.name.text)));
  let expression: ts.Expression = body;
  while (ts.isParenthesizedExpression(expression)) expression = expression.expression;
  // `res.status === 204 ? null : res.json()`: a branch for a status with no body has nothing to read.
  if (!ts.isConditionalExpression(expression) || reads(expression.condition) || noBodyStatus.test(expression.condition.getText())) return !reads(expression);
  return expressionLeavesUnread(name, expression.whenTrue) || expressionLeavesUnread(name, expression.whenFalse);
}
