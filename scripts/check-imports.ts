/**
 * The import-boundary check (`npm run lint`, and a test in `npm test`): layers import only the layers
 * below them, no rule imports another rule, the client reaches the server only through `@shared/*`, and
 * no circle of imports (type-only imports included) remains. docs/architecture.md explains the layers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/** The layers of server/src, bottom-up, and what each may import besides itself. */
export const allowedImports: Record<string, readonly string[]> = {
  shared: [],
  probe: ['shared'],
  analysis: ['shared'],
  rules: ['shared', 'analysis'],
  engine: ['shared', 'analysis', 'rules'],
  cli: ['shared', 'probe', 'analysis', 'rules', 'engine'],
  lsp: ['shared', 'probe', 'analysis', 'rules', 'engine'],
  // The ESLint plugin (its own bundle and package): a third front end, beside cli/ and lsp/.
  eslint: ['shared', 'analysis', 'rules', 'engine'],
  // server.ts and cli.ts: the entry points wire everything.
  entry: ['shared', 'probe', 'analysis', 'rules', 'engine', 'cli', 'lsp'],
};

/** One source file and the project files it imports (absolute paths). */
export interface ImportGraph {
  [file: string]: string[];
}

const sourceExtensions = ['.ts', '.tsx', '.mts', '.cts'];

/** Every .ts file under `dir`, recursively. */
function listTypeScript(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTypeScript(full));
    else if (sourceExtensions.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Resolves `./x`, `../x/index` and `@shared/x` the way TypeScript does for this repository. */
function resolveSpecifier(root: string, fromFile: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('@shared/')) base = path.join(root, 'server/src/shared', specifier.slice('@shared/'.length));
  else if (specifier.startsWith('.')) base = path.resolve(path.dirname(fromFile), specifier);
  else return undefined;
  const candidates = [base, ...sourceExtensions.map((ext) => base + ext), ...sourceExtensions.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile()) ?? (path.extname(base) === '.json' ? base : undefined);
}

/** The project-internal imports of every file under `dirs` (relative to `root`). */
export function readImportGraph(root: string, dirs: readonly string[], readText = (file: string) => fs.readFileSync(file, 'utf8')): ImportGraph {
  const graph: ImportGraph = {};
  for (const dir of dirs) {
    for (const file of listTypeScript(path.join(root, dir))) {
      const info = ts.preProcessFile(readText(file), true, true);
      graph[file] = info.importedFiles
        .map((imported) => ({ specifier: imported.fileName, target: resolveSpecifier(root, file, imported.fileName) }))
        .map(({ specifier, target }) => target ?? (specifier.startsWith('.') || specifier.startsWith('@shared/') ? `unresolved:${specifier}` : ''))
        .filter((target) => target !== '');
    }
  }
  return graph;
}

/** The layer of a server/src file, or undefined outside server/src. */
function layerOf(root: string, file: string): string | undefined {
  const relative = path.relative(path.join(root, 'server/src'), file);
  if (relative.startsWith('..')) return undefined;
  const [first, ...rest] = relative.split(path.sep);
  return rest.length === 0 ? 'entry' : first;
}

/** What is wrong with the graph: one line per bad import or circle. Empty when the layers hold. */
export function importProblems(root: string, graph: ImportGraph): string[] {
  const problems: string[] = [];
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const [file, targets] of Object.entries(graph)) {
    for (const target of targets) {
      if (target.startsWith('unresolved:')) {
        problems.push(`${rel(file)} imports ${target.slice('unresolved:'.length)}, which does not resolve`);
        continue;
      }
      problems.push(...edgeProblems(root, file, target).map((problem) => `${rel(file)} → ${rel(target)}: ${problem}`));
    }
  }
  for (const circle of importCircles(graph)) problems.push(`import circle: ${circle.map(rel).join(' → ')}`);
  return problems;
}

function edgeProblems(root: string, file: string, target: string): string[] {
  const fromClient = !path.relative(path.join(root, 'client/src'), file).startsWith('..');
  const targetInShared = !path.relative(path.join(root, 'server/src/shared'), target).startsWith('..');
  const targetInServer = !path.relative(path.join(root, 'server'), target).startsWith('..');
  if (fromClient) return targetInServer && !targetInShared ? ['the client may import only @shared/* from the server'] : [];
  const from = layerOf(root, file);
  const to = layerOf(root, target);
  if (!from || !to || from === to) return from === 'rules' && to === 'rules' ? ruleToRule(root, file, target) : [];
  return allowedImports[from]?.includes(to) ? [] : [`${from}/ may not import ${to}/ (allowed: ${allowedImports[from]?.join(', ') || 'nothing'})`];
}

/** A rule file imports only the rule contract and rules/support/; only the registry imports rules. */
function ruleToRule(root: string, file: string, target: string): string[] {
  const rulesDir = path.join(root, 'server/src/rules');
  const isRuleFile = (candidate: string) =>
    path.dirname(candidate) === rulesDir && !['index.ts', 'types.ts'].includes(path.basename(candidate));
  if (path.basename(file) === 'index.ts' && path.dirname(file) === rulesDir) return [];
  return isRuleFile(target) ? ['a rule may not import another rule (share code through rules/support/)'] : [];
}

/** Circles of imports (strongly connected components with more than one file, or a self-import). */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let counter = 0;
  for (const start of Object.keys(graph)) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = (graph[frame.node] ?? []).filter((target) => target in graph);
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || (graph[frame.node] ?? []).includes(frame.node)) circles.push(component.reverse());
    }
  }
  return circles;
}

/** The directories the check reads. */
export const checkedDirectories = ['server/src', 'client/src'];

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const problems = importProblems(root, readImportGraph(root, checkedDirectories));
  for (const problem of problems) console.error(problem);
  console.error(problems.length === 0 ? 'import boundaries: ok' : `import boundaries: ${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
