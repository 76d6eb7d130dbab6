/**
 * TypeScript's compiler API (the copy ts-morph bundles) as a plain object. The namespace object
 * exposes every member through a getter; on the analysis hot path (`ts.isIdentifier`,
 * `ts.SyntaxKind.X` for every node) those getters cost more than the analysis itself, so the
 * members are copied once into data properties. Types are re-exported under the same name.
 */
import { ts as original } from 'ts-morph';

/** The compiler API, same members as ts-morph's `ts`, without per-access getters. */
export const ts: typeof original = { ...original };

/** Compiler node types used by the analysis and the rules. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace ts {
  export type ArrayLiteralExpression = original.ArrayLiteralExpression;
  export type ArrowFunction = original.ArrowFunction;
  export type BinaryExpression = original.BinaryExpression;
  export type BindingElement = original.BindingElement;
  export type BindingName = original.BindingName;
  export type Block = original.Block;
  export type CallExpression = original.CallExpression;
  export type ClassLikeDeclaration = original.ClassLikeDeclaration;
  export type ConstructorDeclaration = original.ConstructorDeclaration;
  export type DiagnosticWithLocation = original.DiagnosticWithLocation;
  export type ExportDeclaration = original.ExportDeclaration;
  export type Expression = original.Expression;
  export type ForStatement = original.ForStatement;
  export type FunctionDeclaration = original.FunctionDeclaration;
  export type FunctionExpression = original.FunctionExpression;
  export type GetAccessorDeclaration = original.GetAccessorDeclaration;
  export type Identifier = original.Identifier;
  export type ImportDeclaration = original.ImportDeclaration;
  export type InterfaceDeclaration = original.InterfaceDeclaration;
  export type IterationStatement = original.IterationStatement;
  export type MethodDeclaration = original.MethodDeclaration;
  export type NewExpression = original.NewExpression;
  export type Node = original.Node;
  export type NodeFlags = original.NodeFlags;
  export type ObjectLiteralElementLike = original.ObjectLiteralElementLike;
  export type ObjectLiteralExpression = original.ObjectLiteralExpression;
  export type ObjectBindingPattern = original.ObjectBindingPattern;
  export type ParameterDeclaration = original.ParameterDeclaration;
  export type PropertyAccessExpression = original.PropertyAccessExpression;
  export type PropertyName = original.PropertyName;
  export type ReturnStatement = original.ReturnStatement;
  export type ScriptKind = original.ScriptKind;
  export type ScriptTarget = original.ScriptTarget;
  export type SetAccessorDeclaration = original.SetAccessorDeclaration;
  export type SourceFile = original.SourceFile;
  export type Statement = original.Statement;
  export type StringLiteral = original.StringLiteral;
  export type SyntaxKind = original.SyntaxKind;
  export type TryStatement = original.TryStatement;
  export type CatchClause = original.CatchClause;
  export type TypeNode = original.TypeNode;
  export type VariableDeclaration = original.VariableDeclaration;
  export type BreakStatement = original.BreakStatement;
  export type ContinueStatement = original.ContinueStatement;
  export type DoStatement = original.DoStatement;
  export type IfStatement = original.IfStatement;
  export type SwitchStatement = original.SwitchStatement;
  export type ThrowStatement = original.ThrowStatement;
  export type VariableStatement = original.VariableStatement;
  export type WhileStatement = original.WhileStatement;
}
