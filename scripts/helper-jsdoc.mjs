// The helper's types as JSDoc, for its JavaScript forms: a project with `checkJs` and `strict` type-checks
// the inserted .mjs/.cjs file with 0 errors, and its users get the same parameter and return types as from
// the .ts. esbuild.mjs runs this over the TypeScript source before TypeScript's transpiler strips the types;
// server/test/helper-checkjs.test.ts proves the result.
import ts from 'typescript';

/**
 * The TypeScript source with every type it states also written as JSDoc the transpiler keeps: `@param`,
 * `@returns` and `@template` on functions (merged into their doc comment), `@type` on typed variables,
 * `/** @type {T} *\/ (x)` for `x as T` and for `new C<T>(…)`, `@typedef` for interfaces, type aliases and
 * type-only imports. Throws on TypeScript syntax it cannot carry over, so a new construct fails the build
 * instead of shipping an untyped helper.
 */
export function withJsDocTypes(source, { commonjs = false } = {}) {
  const file = ts.createSourceFile('helper.ts', source, ts.ScriptTarget.Latest, true);
  /** @type {Array<{ pos: number; end: number; text: string }>} */
  const edits = [];
  const valueImports = commonjs ? importedValues(file) : new Map();
  // Types name imported values (`Pool.Options`); CommonJS output has only `undici_1.Pool`, so they become `import('undici').Pool`.
  const text = (node) => {
    const written = node.getText(file);
    if (valueImports.size === 0 || !ts.isTypeNode(node)) return written;
    return written.replace(/(?<![.\w'"])([A-Za-z_$][\w$]*)\b/g, (name) => (valueImports.has(name) ? `import(${valueImports.get(name)}).${name}` : name));
  };
  const visit = (node) => {
    if (commonjs && ts.isVariableStatement(node) && node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) {
      // `export const x` would be emitted as `exports.x` everywhere, which JSDoc cannot name: a local, then exported.
      variableTags(node, edits, file, text);
      const keyword = node.modifiers.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
      edits.push({ pos: keyword.getStart(file), end: keyword.end + 1, text: '' });
      const names = node.declarationList.declarations.map((declaration) => declaration.name.getText(file));
      edits.push({ pos: node.end, end: node.end, text: names.map((name) => `\nexports.${name} = ${name};`).join('') });
      return ts.forEachChild(node, visit);
    }
    if (ts.isImportDeclaration(node)) return importTypedefs(node, edits, text);
    if (ts.isInterfaceDeclaration(node)) return replaceWithTypedef(node, interfaceType(node, text), edits, file);
    if (ts.isTypeAliasDeclaration(node)) return replaceWithTypedef(node, text(node.type), edits, file);
    if (ts.isFunctionDeclaration(node)) addTags(node, functionTags(node, text), edits, file);
    else if (ts.isVariableStatement(node)) variableTags(node, edits, file, text);
    else if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && !ts.isVariableDeclaration(node.parent)) {
      const tags = functionTags(node, text);
      if (tags.length > 0) edits.push({ pos: node.getStart(file), end: node.getStart(file), text: `/** ${tags.join(' ')} */ ` });
    } else if (ts.isAsExpression(node)) cast(node, text(node.type), node.expression.end, edits, file);
    else if (ts.isNewExpression(node) && node.typeArguments) cast(node, `${text(node.expression)}<${node.typeArguments.map(text).join(', ')}>`, node.end, edits, file);
    else if (ts.isCallExpression(node) && node.typeArguments) throw unsupported(node, file, 'type arguments on a call');
    else if (ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node) || ts.isEnumDeclaration(node) || ts.isClassDeclaration(node))
      throw unsupported(node, file, ts.SyntaxKind[node.kind]);
    ts.forEachChild(node, visit);
  };
  visit(file);
  // Pre-order and a stable sort: an outer cast opens before an inner one at the same position.
  const ordered = edits.map((edit, index) => ({ ...edit, index })).sort((a, b) => a.pos - b.pos || a.index - b.index);
  let result = source;
  for (const edit of ordered.reverse()) result = result.slice(0, edit.pos) + edit.text + result.slice(edit.end);
  return result;
}

/** Names imported as values (`import { Pool } from 'undici'`), with their module's quoted name. */
function importedValues(file) {
  const names = new Map();
  for (const statement of file.statements) {
    const bindings = ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly ? statement.importClause?.namedBindings : undefined;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) if (!element.isTypeOnly) names.set(element.name.text, statement.moduleSpecifier.getText(file));
  }
  return names;
}

function unsupported(node, file, what) {
  const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return new Error(`helper-jsdoc: ${what} at line ${line + 1} has no JSDoc form here; write it another way`);
}

/** `import { type X } from 'm'` → `/** @typedef {import('m').X} X *\/` after the import. */
function importTypedefs(node, edits, text) {
  const bindings = node.importClause?.namedBindings;
  if (!bindings || !ts.isNamedImports(bindings)) return;
  const module = text(node.moduleSpecifier);
  const typeOnly = bindings.elements.filter((element) => element.isTypeOnly || node.importClause.isTypeOnly);
  const lines = typeOnly.map((element) => `/** @typedef {import(${module}).${(element.propertyName ?? element.name).text}} ${element.name.text} */`);
  if (lines.length > 0) edits.push({ pos: node.end, end: node.end, text: `\n${lines.join('\n')}` });
}

/** An interface as a type literal (its `extends` as an intersection), with the members' docs as a list for the reader. */
function interfaceType(node, text) {
  const members = node.members.map((member) => `  ${text(member).replace(/^\/\*\*[\s\S]*?\*\/\s*/, '').replace(/;?$/, ';')}`);
  const literal = `{\n${members.join('\n')}\n}`;
  const bases = (node.heritageClauses ?? []).flatMap((clause) => clause.types.map(text));
  return [...bases, literal].join(' & ');
}

/** Replaces an interface or type alias (and its doc comment) by one doc comment with a `@typedef`. */
function replaceWithTypedef(node, type, edits, file) {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const doc = docs.at(-1);
  const description = doc ? docLines(doc, file) : [];
  const memberDocs = ts.isInterfaceDeclaration(node)
    ? node.members.flatMap((member) => {
        const comment = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc).at(-1)?.comment;
        return member.name && typeof comment === 'string' ? [`- \`${member.name.getText(file)}\`: ${comment.replace(/\s*\n\s*/g, ' ')}`] : [];
      })
    : [];
  const templates = (node.typeParameters ?? []).map((parameter) => `@template ${parameter.getText(file)}`);
  const tags = [...templates, `@typedef {${type}} ${node.name.text}`];
  const lines = [...description, ...memberDocs, ...tags.flatMap((tag) => tag.split('\n'))];
  const start = doc ? doc.getStart(file) : node.getStart(file);
  edits.push({ pos: start, end: node.end, text: `/**\n${lines.map((line) => ` * ${line}`.trimEnd()).join('\n')}\n */` });
}

/** The text lines of a doc comment, without the `/**`, the `*\/` and the leading ` * `. */
function docLines(doc, file) {
  return doc
    .getText(file)
    .replace(/^\/\*\*\s?/, '')
    .replace(/\s*\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .filter((line, index, all) => line.trim() !== '' || (index > 0 && index < all.length - 1));
}

/** `@template`, `@param` and `@returns` for what a function's signature states. */
function functionTags(node, text) {
  const tags = (node.typeParameters ?? []).map((parameter) => `@template ${parameter.constraint ? `{${text(parameter.constraint)}} ` : ''}${parameter.name.text}`);
  for (const parameter of node.parameters) {
    if (!parameter.type) continue;
    if (!ts.isIdentifier(parameter.name)) throw new Error(`helper-jsdoc: a destructured parameter (${text(parameter)}) has no JSDoc name; name it`);
    const name = parameter.questionToken || parameter.initializer ? `[${parameter.name.text}]` : parameter.name.text;
    tags.push(`@param {${text(parameter.type)}} ${name}`);
  }
  if (node.type) tags.push(`@returns {${text(node.type)}}`);
  return tags;
}

/** `const x: T = …` gets `@type {T}`; `const f = (a: A): R => …` gets the function's tags. */
function variableTags(node, edits, file, text) {
  const declarations = node.declarationList.declarations;
  const typed = declarations.filter((declaration) => declaration.type);
  const functions = declarations.filter((declaration) => declaration.initializer && (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer)));
  if (declarations.length > 1 && (typed.length > 0 || functions.length > 0)) throw unsupported(node, file, 'several typed declarations in one statement');
  const [declaration] = declarations;
  if (declaration.type) addTags(node, [`@type {${text(declaration.type)}}`], edits, file);
  else if (functions.length === 1) addTags(node, functionTags(declaration.initializer, text), edits, file);
}

/** Adds tags to the node's doc comment (the last one), or a doc comment of its own above it. */
function addTags(node, tags, edits, file) {
  if (tags.length === 0) return;
  const doc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
  const start = node.getStart(file);
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  const indent = file.text.slice(lineStart, start).match(/^\s*/)[0];
  if (!doc) {
    const block = tags.length === 1 ? `/** ${tags[0]} */` : `/**\n${tags.map((tag) => `${indent} * ${tag}`).join('\n')}\n${indent} */`;
    edits.push({ pos: start, end: start, text: `${block}\n${indent}` });
    return;
  }
  const docStart = doc.getStart(file);
  const lines = docLines(doc, file);
  edits.push({ pos: docStart, end: doc.end, text: `/**\n${[...lines, ...tags].map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */` });
}

/** `x as T` → `/** @type {T} *\/ (x)`; `new C<T>(…)` → `/** @type {C<T>} *\/ (new C(…))`. */
function cast(node, type, tailStart, edits, file) {
  edits.push({ pos: node.getStart(file), end: node.getStart(file), text: `/** @type {${type}} */ (` });
  edits.push({ pos: tailStart, end: node.end, text: ')' });
}
