/**
 * Project interfaces by the name code uses for them (no type checker): declared at the top of the file, or exported
 * by the project file the name is imported from. Receivers typed by one are dispatched (`dispatch.ts`) or have
 * methods whose declared return type says what they give (`getClient(): Client`, `sdk-client-origins.ts`).
 */
import { ts } from './ts';
import type { FileAnalysis } from './file-analysis';

/** The project interface a type name refers to: declared at the top of this file, or exported by the file it is imported from. */
export function projectInterface(name: ts.Identifier, file: FileAnalysis): { file: FileAnalysis; node: ts.InterfaceDeclaration } | undefined {
  const local = topLevelInterface(file, name.text, false);
  if (local) return local;
  for (const statement of file.sourceFile.statements) {
    const bindings = ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) ? statement.importClause?.namedBindings : undefined;
    const element = bindings && ts.isNamedImports(bindings) ? bindings.elements.find((candidate) => candidate.name.text === name.text) : undefined;
    if (!element) continue;
    const target = file.project.resolveImport(file.path, (statement as ts.ImportDeclaration).moduleSpecifier.getText().slice(1, -1));
    return target ? topLevelInterface(target, (element.propertyName ?? element.name).text, true) : undefined;
  }
  return undefined;
}

function topLevelInterface(file: FileAnalysis, name: string, exported: boolean): { file: FileAnalysis; node: ts.InterfaceDeclaration } | undefined {
  for (const statement of file.sourceFile.statements) {
    if (!ts.isInterfaceDeclaration(statement) || statement.name.text !== name) continue;
    if (exported && !ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    return { file, node: statement };
  }
  return undefined;
}
