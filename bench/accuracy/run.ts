/**
 * Measures the linter's precision and recall on the labelled accuracy corpus (docs/accuracy.md).
 *
 *   npm run accuracy [-- --split development|validation] [--repo <name>] [--verbose] [--json]
 *
 * For every bench/accuracy/labels/<name>.json it lints the whole checkout in
 * .bench-cache/accuracy/<name>/ (so cross-file wrappers are followed), matches findings to labels
 * by path, family and line (±2) and prints TP / FN / FP, precision and recall per family and split.
 * Exits 2 when a checkout is missing, after printing how to get it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listSourceFiles } from '../../server/src/engine/discover';
import { lintFiles } from '../../server/src/engine/lint-files';
import { defaultSettings } from '../../server/src/shared/settings';
import {
  type Counts,
  type Family,
  families,
  type LabelFile,
  type RepoScore,
  type ScoredFinding,
  scoreRepo,
  type Split,
  summarize,
  validateLabelFile,
} from './score';

const root = path.resolve(__dirname, '../..');
const labelsDir = path.join(__dirname, 'labels');
const cacheDir = path.join(root, '.bench-cache', 'accuracy');
const splits: readonly Split[] = ['development', 'validation'];

interface Options {
  json: boolean;
  verbose: boolean;
  split?: Split;
  repos: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { json: false, verbose: false, repos: [] };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--json') options.json = true;
    else if (arg === '--verbose' || arg === '-v') options.verbose = true;
    else if (arg === '--split' || arg.startsWith('--split=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++index];
      if (value !== 'development' && value !== 'validation') usage(`--split must be development or validation, got ${String(value)}`);
      options.split = value;
    } else if (arg === '--repo' || arg.startsWith('--repo=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++index];
      if (!value) usage('--repo needs a labels file name (e.g. novu)');
      options.repos.push(value);
    } else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument ${arg}`);
  }
  return options;
}

function usage(problem?: string): never {
  if (problem) process.stderr.write(`accuracy: ${problem}\n`);
  process.stderr.write('usage: npm run accuracy -- [--split development|validation] [--repo <name>]... [--verbose] [--json]\n');
  process.exit(problem ? 1 : 0);
}

interface Corpus {
  name: string;
  file: LabelFile;
  sources: string;
}

function readCorpus(options: Options): Corpus[] {
  const names = fs
    .readdirSync(labelsDir)
    .filter((entry) => entry.endsWith('.json'))
    .map((entry) => entry.slice(0, -'.json'.length))
    .sort();
  for (const wanted of options.repos) if (!names.includes(wanted)) usage(`no labels file bench/accuracy/labels/${wanted}.json`);
  const corpus: Corpus[] = [];
  for (const name of names) {
    if (options.repos.length > 0 && !options.repos.includes(name)) continue;
    const labelsPath = path.join(labelsDir, `${name}.json`);
    const value: unknown = JSON.parse(fs.readFileSync(labelsPath, 'utf8'));
    const problems = validateLabelFile(value);
    if (problems.length > 0) {
      process.stderr.write(`accuracy: ${path.relative(root, labelsPath)} is invalid:\n${problems.map((p) => `  ${p}\n`).join('')}`);
      process.exit(1);
    }
    const file = value as LabelFile;
    if (options.split && file.split !== options.split) continue;
    corpus.push({ name, file, sources: path.join(cacheDir, name) });
  }
  return corpus;
}

function howToGet(entry: Corpus): string {
  const { repo, commit } = entry.file;
  const gitDir = `<git-dir of ${repo}>`;
  return [
    `  ${entry.name}: ${repo} @ ${commit}`,
    `    1. get a git directory holding that commit, e.g. the agent tool \`fetch github:${repo}\``,
    `       (prints /work/.mirror/${repo.replace('/', '+')}/repo) or \`git clone --bare https://github.com/${repo}.git /tmp/${entry.name}.git\``,
    `    2. bench/accuracy/extract.sh ${gitDir} ${commit} ${entry.name}`,
    `       (or, when the mirror has every object: mkdir -p .bench-cache/accuracy/${entry.name} &&`,
    `        git --git-dir=${gitDir} archive ${commit} | tar -x -C .bench-cache/accuracy/${entry.name})`,
  ].join('\n');
}

/**
 * The checkout sits inside this repository, whose .gitignore ignores .bench-cache/; an empty `.git`
 * folder makes the file walk treat the checkout as its own repository (its own .gitignore files apply).
 */
function markAsRepositoryRoot(sources: string): void {
  const marker = path.join(sources, '.git');
  if (!fs.existsSync(marker)) fs.mkdirSync(marker);
}

interface RepoResult {
  name: string;
  repo: string;
  commit: string;
  split: Split;
  files: number;
  findings: number;
  seconds: number;
  missingLabelFiles: string[];
  score: RepoScore;
}

async function lintRepo(entry: Corpus, log: (line: string) => void): Promise<RepoResult> {
  markAsRepositoryRoot(entry.sources);
  const started = performance.now();
  const files = await listSourceFiles([entry.sources], { cwd: entry.sources });
  let crashes = 0;
  const reports = await lintFiles(files, { settings: defaultSettings, log: () => crashes++ });
  const findings: ScoredFinding[] = [];
  for (const report of reports) {
    const relative = path.relative(entry.sources, report.file).split(path.sep).join('/');
    for (const finding of report.findings) findings.push({ path: relative, line: finding.range.start.line + 1, ruleId: finding.ruleId });
  }
  const seconds = (performance.now() - started) / 1000;
  const missingLabelFiles = [...new Set(entry.file.labels.map((label) => label.path))].filter(
    (relative) => !fs.existsSync(path.join(entry.sources, relative)),
  );
  log(
    `${entry.name}: ${files.length} files, ${findings.length} findings, ${seconds.toFixed(1)} s` +
      (crashes > 0 ? `, ${crashes} rule crashes logged` : '') +
      (missingLabelFiles.length > 0 ? `, ${missingLabelFiles.length} labelled files missing from the checkout` : ''),
  );
  return {
    name: entry.name,
    repo: entry.file.repo,
    commit: entry.file.commit,
    split: entry.file.split,
    files: files.length,
    findings: findings.length,
    seconds,
    missingLabelFiles,
    score: scoreRepo(entry.file.labels, findings),
  };
}

const percent = (value: number | undefined): string => (value === undefined ? '—' : `${(value * 100).toFixed(0)}%`);

function tableRows(byFamily: Record<Family, Counts>, overall: Counts): string[] {
  const header = ['family', 'problem', 'clean', 'TP', 'FN', 'FP', 'precision', 'recall', 'unlabelled findings'];
  const row = (name: string, c: Counts): string[] => [
    name,
    String(c.tp + c.fn),
    String(c.fp + c.tn),
    String(c.tp),
    String(c.fn),
    String(c.fp),
    percent(c.precision),
    percent(c.recall),
    String(c.unlabelled),
  ];
  const rows = [header, ...families.map((family) => row(family, byFamily[family])), row('overall', overall)];
  const widths = header.map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [format(rows[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(format)];
}

function printVerbose(results: readonly RepoResult[]): void {
  for (const result of results) {
    const misses = result.score.outcomes.filter((o) => o.outcome === 'FN' || o.outcome === 'FP');
    if (misses.length === 0) continue;
    console.log(`\n${result.name} (${result.repo} @ ${result.commit.slice(0, 12)})`);
    for (const { label, outcome, matched } of misses) {
      const rules = outcome === 'FP' ? ` [flagged by ${[...new Set(matched.map((f) => `${f.ruleId}@${f.line}`))].join(', ')}]` : '';
      console.log(`  ${outcome} ${label.family.padEnd(11)} ${label.path}:${label.line}${label.rule ? ` (${label.rule})` : ''}${rules}\n       ${label.reason}`);
    }
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const corpus = readCorpus(options);
  if (corpus.length === 0) {
    process.stderr.write('accuracy: no labels files match\n');
    process.exit(1);
  }
  const missing = corpus.filter((entry) => !fs.existsSync(entry.sources));
  if (missing.length > 0) {
    process.stderr.write(`accuracy: sources missing under .bench-cache/accuracy/ for ${missing.length} labels file(s). To get them:\n`);
    for (const entry of missing) process.stderr.write(`${howToGet(entry)}\n`);
    process.exit(2);
  }

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: RepoResult[] = [];
  for (const entry of corpus) results.push(await lintRepo(entry, log));

  const bySplit = splits
    .map((split) => {
      const inSplit = results.filter((result) => result.split === split);
      return { split, results: inSplit, ...summarize(inSplit.map((result) => result.score)) };
    })
    .filter((entry) => entry.results.length > 0);

  if (options.json) {
    const json = {
      splits: Object.fromEntries(
        bySplit.map(({ split, results: inSplit, byFamily, overall }) => [
          split,
          {
            byFamily,
            overall,
            repos: inSplit.map((result) => ({
              name: result.name,
              repo: result.repo,
              commit: result.commit,
              files: result.files,
              findings: result.findings,
              seconds: Number(result.seconds.toFixed(2)),
              missingLabelFiles: result.missingLabelFiles,
              ...summarize([result.score]),
              outcomes: result.score.outcomes.map(({ label, outcome, matched }) => ({ ...label, outcome, matched })),
              unlabelled: result.score.unlabelled,
            })),
          },
        ]),
      ),
    };
    console.log(JSON.stringify(json, (_key, value: unknown) => (value === undefined ? null : value), 2));
    return;
  }

  for (const { split, results: inSplit, byFamily, overall } of bySplit) {
    console.log(`\n${split} split: ${inSplit.map((result) => result.name).join(', ')}`);
    for (const line of tableRows(byFamily, overall)) console.log(`  ${line}`);
    console.log('\n  per repository (all families):');
    for (const result of inSplit) {
      const { overall: repoOverall } = summarize([result.score]);
      console.log(
        `    ${result.name.padEnd(20)} labels ${String(result.score.outcomes.length).padStart(3)}  TP ${repoOverall.tp}  FN ${repoOverall.fn}  FP ${repoOverall.fp}` +
          `  precision ${percent(repoOverall.precision)}  recall ${percent(repoOverall.recall)}  unlabelled findings ${repoOverall.unlabelled}`,
      );
    }
    if (options.verbose) printVerbose(inSplit);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`accuracy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
