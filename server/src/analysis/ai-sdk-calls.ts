/**
 * Requests to model providers through the Vercel AI SDK (`ai`): `generateText`, `generateObject`, `streamText`,
 * `streamObject`, `embed`, `embedMany` each send an HTTP request, and a project function that calls one (one hop,
 * in this file or another) sends it too. Used where a retry of that request is judged (retry-without-backoff).
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { calledFunction } from './definitions';
import type { FileAnalysis } from './file-analysis';

const aiFunctions = /^(generateText|generateObject|streamText|streamObject|embed|embedMany)$/;

/** `generateObject(…)` imported from `ai`. */
export function isAiSdkCall(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const binding = resolveName(callee.text, callee);
  return binding.kind === 'import' && binding.module === 'ai' && aiFunctions.test(binding.name);
}

/** A call of the AI SDK, or of a project function that calls it directly: how to name it in a message. */
export function aiSdkRequestLabel(call: ts.CallExpression, file: FileAnalysis): string | undefined {
  if (isAiSdkCall(call)) return skipOuterExpressions(call.expression).getText();
  const target = calledFunction(call, file);
  if (!target?.node.body) return undefined;
  return target.file.callsWithin(target.node.body).some(isAiSdkCall) ? `${skipOuterExpressions(call.expression).getText()}()` : undefined;
}
