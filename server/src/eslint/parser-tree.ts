/**
 * Whether the TypeScript tree typescript-eslint's parser already built for the linted file can be
 * analysed as it is, instead of parsing the file a second time (docs/eslint-plugin.md, "Parsing").
 *
 * Our analyzer reads raw compiler nodes by `SyntaxKind` number, and those numbers change between
 * TypeScript versions. So the parser's tree is used only when it was made by a TypeScript of exactly
 * our version (`ts.version` of the copy ts-morph bundles), for exactly the text ESLint lints, with the
 * script kind we would have chosen. Which TypeScript made a tree is found by its node constructor:
 * every TypeScript instance has its own `SourceFileObject` class, and the `typescript` modules Node has
 * loaded are in `require.cache`.
 */
import { ts } from '../analysis/ts';
import { parseSource } from '../analysis/parse';

/** What ESLint's SourceCode offers that matters here (typed loosely: any parser may fill it). */
export interface ParsedSource {
  text: string;
  ast: unknown;
  parserServices?: { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } } | Record<string, unknown>;
}

/** Where the analysed tree came from, for the trace and the tests. */
export type TreeOrigin =
  | { kind: 'adopted'; typescript: string }
  | { kind: 'parsed'; reason: 'no-typescript-tree' | 'other-version' | 'unknown-typescript' | 'different-text' | 'different-script-kind'; parserTypeScript?: string };

/** The TypeScript versions by SourceFile constructor, learnt from the modules Node has loaded. */
const versionByConstructor = new WeakMap<object, string>();
/** Module export objects already looked at. */
const inspected = new WeakSet<object>();
/** Our script kind per extension (from an empty parse). */
const scriptKinds = new Map<string, ts.ScriptKind>();

interface TypeScriptModule {
  version: string;
  createSourceFile(fileName: string, text: string, languageVersion: number): { constructor: object };
}

function isTypeScriptModule(value: unknown): value is TypeScriptModule {
  const candidate = value as Partial<TypeScriptModule> | undefined;
  return typeof candidate?.version === 'string' && typeof candidate.createSourceFile === 'function';
}

function learn(module: TypeScriptModule): void {
  if (inspected.has(module)) return;
  inspected.add(module);
  try {
    versionByConstructor.set(module.createSourceFile('probe.ts', '', 99).constructor, module.version);
  } catch {
    // not a TypeScript after all
  }
}

/** The version of the TypeScript that created `sourceFile`, when it is one Node has loaded (or ours). */
export function typeScriptVersionOf(sourceFile: object): string | undefined {
  const constructor = sourceFile.constructor as object | undefined;
  if (!constructor) return undefined;
  learn(ts);
  const known = versionByConstructor.get(constructor);
  if (known !== undefined) return known;
  // `require.cache` holds every CommonJS module loaded, including `typescript` when typescript-eslint
  // (CommonJS) imported it; the scan runs only for a constructor not seen yet, i.e. once per TypeScript.
  for (const [id, module] of Object.entries(require.cache)) {
    if (module && /[\\/]typescript(?:[\\/]lib)?[\\/]typescript\.js$/.test(id) && isTypeScriptModule(module.exports)) learn(module.exports);
  }
  return versionByConstructor.get(constructor);
}

function scriptKindOf(filePath: string): ts.ScriptKind {
  const extension = filePath.slice(filePath.lastIndexOf('.')).toLowerCase();
  let kind = scriptKinds.get(extension);
  if (kind === undefined) scriptKinds.set(extension, (kind = (parseSource(`probe${extension}`, '') as { scriptKind?: ts.ScriptKind }).scriptKind ?? ts.ScriptKind.Unknown));
  return kind;
}

/** The parser's tree when it can stand in for our parse, and where the tree analysed will come from. */
export function parserTree(filePath: string, source: ParsedSource): { tree?: ts.SourceFile; origin: TreeOrigin } {
  const map = (source.parserServices as { esTreeNodeToTSNodeMap?: { get?: unknown } } | undefined)?.esTreeNodeToTSNodeMap;
  const candidate = typeof map?.get === 'function' ? (map as { get(node: unknown): unknown }).get(source.ast) : undefined;
  const node = candidate as Partial<ts.SourceFile> | undefined;
  if (!node || typeof node !== 'object' || typeof node.text !== 'string' || typeof node.kind !== 'number') {
    return { origin: { kind: 'parsed', reason: 'no-typescript-tree' } };
  }
  const version = typeScriptVersionOf(node);
  if (version === undefined) return { origin: { kind: 'parsed', reason: 'unknown-typescript' } };
  if (version !== ts.version) return { origin: { kind: 'parsed', reason: 'other-version', parserTypeScript: version } };
  // Same version from here on, so the kind numbers agree.
  if (node.kind !== ts.SyntaxKind.SourceFile) return { origin: { kind: 'parsed', reason: 'no-typescript-tree', parserTypeScript: version } };
  if (node.text !== source.text) return { origin: { kind: 'parsed', reason: 'different-text', parserTypeScript: version } };
  // `scriptKind` is internal API, but present on every SourceFile TypeScript creates.
  if ((node as { scriptKind?: ts.ScriptKind }).scriptKind !== scriptKindOf(filePath)) return { origin: { kind: 'parsed', reason: 'different-script-kind', parserTypeScript: version } };
  return { tree: node as ts.SourceFile, origin: { kind: 'adopted', typescript: version } };
}
