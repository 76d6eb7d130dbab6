/** Where a request runs: a request handler, a scheduled job, a loop — places where one failure costs a lot. */
import { ts } from './ts';
import { isFunctionNode, isLoop, type FunctionNode } from './syntax';

/** The kind of code a request site sits in. */
export type RunContext = 'handler' | 'job' | 'loop';

const verbs = /^(get|post|put|patch|delete|del|all|use|route|head|options)$/;
const serverObjects = /^(app|router|server|fastify|api|routes?|r|instance)$/i;
const jobCallees = /^(setInterval|schedule|scheduleJob|process|every|cron)$/;
const routeExports = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|loader|action)$/;

/** The nearest context that makes a failure expensive, looking out from `node`. */
export function runContextOf(node: ts.Node): RunContext | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isLoop(current) && !isLoopHeader(node, current)) return 'loop';
    if (!isFunctionNode(current)) continue;
    const context = functionContext(current);
    if (context) return context;
    // Only callbacks run where they are written; a function declared here runs wherever it is called.
    if (!ts.isCallExpression(current.parent) && !ts.isNewExpression(current.parent)) return undefined;
  }
  return undefined;
}

function isLoopHeader(node: ts.Node, loop: ts.IterationStatement): boolean {
  return node.pos < loop.statement.pos;
}

function functionContext(fn: FunctionNode): RunContext | undefined {
  const names = fn.parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? parameter.name.text : ''));
  if (/^(req|request)$/.test(names[0] ?? '') && /^(res|reply|response|h)$/.test(names[1] ?? '')) return 'handler';
  if (ts.isFunctionDeclaration(fn) && fn.name && routeExports.test(fn.name.text) && isExported(fn)) return 'handler';
  const parent = fn.parent;
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression;
    if (ts.isPropertyAccessExpression(callee) && verbs.test(callee.name.text) && ts.isIdentifier(callee.expression)) {
      if (serverObjects.test(callee.expression.text) && isStringFirstArgument(parent)) return 'handler';
    }
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (jobCallees.test(name)) return 'job';
  }
  if (ts.isNewExpression(parent) && /^(CronJob|Worker)$/.test(parent.expression.getText())) return 'job';
  return undefined;
}

function isStringFirstArgument(call: ts.CallExpression): boolean {
  const first = call.arguments[0];
  return first !== undefined && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first));
}

function isExported(fn: ts.FunctionDeclaration): boolean {
  return ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}
