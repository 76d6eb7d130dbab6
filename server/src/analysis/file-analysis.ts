/** One parsed file and the facts derived from it, computed lazily and cached for its version. */
import { ts } from 'ts-morph';
import { detectEnvironment, type Environment } from './environment';
import { classifyHttpCall, type HttpCall } from './http-calls';
import { firstSyntaxError, parseSource } from './parse';
import type { ProjectHost } from './project-host';
import type { WrapperSummary } from './wrappers';

/** The parsed file with its calls collected in a single walk. */
export class FileAnalysis {
  readonly sourceFile: ts.SourceFile;
  /** Every call expression, in source order. */
  readonly calls: ts.CallExpression[] = [];
  /** Every `new` expression, in source order. */
  readonly constructions: ts.NewExpression[] = [];
  /** Summaries of this file's functions as HTTP wrappers; dropped when a dependency changes. */
  readonly summaries = new Map<ts.Node, WrapperSummary | 'pending'>();
  private readonly httpCache = new Map<ts.CallExpression, HttpCall | undefined>();
  private httpList: HttpCall[] | undefined;
  private environmentCache: Environment | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    readonly project: ProjectHost,
  ) {
    this.sourceFile = parseSource(path, text);
    this.collect(this.sourceFile);
  }

  /** The first syntax error, if the file does not parse cleanly. */
  get syntaxError(): { message: string; start: number } | undefined {
    return firstSyntaxError(this.sourceFile);
  }

  /** Where this file's code runs, as far as its imports and globals tell. */
  get environment(): Environment {
    return (this.environmentCache ??= detectEnvironment(this.sourceFile));
  }

  /** The HTTP request a call sends directly, if it is one. */
  httpCall(call: ts.CallExpression): HttpCall | undefined {
    if (this.httpCache.has(call)) return this.httpCache.get(call);
    const result = classifyHttpCall(call);
    this.httpCache.set(call, result);
    return result;
  }

  /** All direct HTTP calls of the file. */
  get httpCalls(): HttpCall[] {
    if (!this.httpList) {
      this.httpList = [];
      for (const call of this.calls) {
        const http = this.httpCall(call);
        if (http) this.httpList.push(http);
      }
    }
    return this.httpList;
  }

  /** Calls whose start lies in [start, end), found by binary search over the sorted list. */
  callsWithin(node: ts.Node): ts.CallExpression[] {
    const start = node.pos;
    let low = 0;
    let high = this.calls.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.calls[mid].pos < start) low = mid + 1;
      else high = mid;
    }
    const result: ts.CallExpression[] = [];
    for (let i = low; i < this.calls.length && this.calls[i].pos < node.end; i++) {
      if (this.calls[i].end <= node.end && this.calls[i] !== node) result.push(this.calls[i]);
    }
    return result;
  }

  /** Drops cross-file derived facts (a file this one imports changed). */
  clearSummaries(): void {
    this.summaries.clear();
  }

  private collect(root: ts.Node): void {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) this.calls.push(node);
      else if (ts.isNewExpression(node)) this.constructions.push(node);
      ts.forEachChild(node, visit);
    };
    visit(root);
  }
}
