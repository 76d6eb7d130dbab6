/** The places a local binding is used, found by name and confirmed by scope resolution. */
import { ts } from './ts';
import { resolveName } from './bindings';
import { forEachDescendant } from './syntax';

/**
 * Every identifier within `scope` that refers to the binding `name` declares (a variable, a
 * parameter or a destructured element); the declaring identifier itself is left out.
 */
export function referencesTo(name: ts.Identifier, scope: ts.Node): ts.Identifier[] {
  const declaration = name.parent;
  const found: ts.Identifier[] = [];
  forEachDescendant(scope, (node) => {
    if (!ts.isIdentifier(node)) return undefined;
    if (node !== name && node.text === name.text && isValueReference(node)) {
      const binding = resolveName(node.text, node);
      if (binding.kind !== 'global' && binding.declaration === declaration) found.push(node);
    }
    return 'skip';
  });
  return found;
}

/** Not a property name (`x.res`, `{ res: 1 }`) — those are other names that happen to be spelled alike. */
function isValueReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === identifier) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
  return true;
}
