/** The `--help` text; the rule list comes from the registry so it never goes stale. */
import { ruleIds } from '../rules';

/** What `http-resilience --help` prints. */
export const usage = `Usage: http-resilience lint [paths…] [options]

Finds Node.js HTTP client code that fails under load (unbounded fan-out, untuned pools,
no timeout, no retry). Paths default to the current directory; directories are searched
for .ts .tsx .mts .cts .js .jsx .mjs .cjs files, honouring .gitignore and skipping
node_modules, dist, out, build, coverage and .git. Files named explicitly are always linted.

Options:
  --format text|json|sarif       output format (default: text)
  --rule <id>=off|info|warning|error
                                 change a rule's severity (repeatable)
  --fail-on info|warning|error|off
                                 exit 1 when a finding is at or above this (default: warning)
  --ignore-pattern <pattern>     gitignore-style pattern, relative to the current directory (repeatable)
  --output <file>                write the report to a file instead of stdout
  --no-progress                  no progress line on stderr
  --fix                          apply the fixes to the files (inserting the resilient HTTP helper
                                 once and adding undici to package.json), then report what is left
  --helper-path <file>           where --fix puts the helper (default: <package root>/src/resilient-http.ts)
  -h, --help                     show this help
  -v, --version                  show the version

Rules: ${ruleIds.join(', ')}

Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 bad usage or internal error.`;
