/** The `--help` text; the rule list comes from the registry so it never goes stale. */
import { ruleIds } from '../rules';

/** What `http-resilience --help` prints. */
export const usage = `Usage: http-resilience lint [paths…] [options]
       http-resilience probe <url> [probe options]

Finds Node.js HTTP client code that fails under load (unbounded fan-out, untuned pools,
no timeout, no retry). Paths default to the current directory; directories are searched
for .ts .tsx .mts .cts .js .jsx .mjs .cjs files, honouring .gitignore and skipping
node_modules, dist, out, build, coverage and .git. Files named explicitly are always linted.

Options:
  --format text|stylish|json|sarif
                                 output format (default: text); stylish is ESLint's, for problem
                                 matchers ($eslint-stylish in VS Code, eslint-stylish in GitHub Actions)
  --rule <id>=off|info|warning|error
                                 change a rule's severity (repeatable)
  --fail-on info|warning|error|off
                                 exit 1 when a finding is at or above this (default: warning)
  --max-warnings N               exit 1 when there are more than N warnings, whatever --fail-on says
  --changed-since <git-ref>      report only files changed since the ref: committed since the merge base
                                 (<ref>...HEAD), staged, unstaged or untracked
  --ignore-pattern <pattern>     gitignore-style pattern, relative to the current directory (repeatable)
  --output <file>                write the report to a file instead of stdout
  --sarif-file <file>            also write the SARIF report to a file (whatever --format prints)
  --no-progress                  no progress line on stderr
  --fix                          apply the fixes to the files (inserting the resilient HTTP helper
                                 once and adding undici to package.json), then report what is left
  --helper-path <file>           where --fix puts the helper (default: the config file's helperPath, else
                                 <package root>/src/resilient-http.ts)
  --config <file>                the project configuration to use (default: the nearest .http-resilience.json
                                 above each linted file; command-line flags win over it)
  -h, --help                     show this help
  -v, --version                  show the version

Rules: ${ruleIds.join(', ')}

Exit codes: 0 nothing at or above --fail-on (and no more warnings than --max-warnings), 1 otherwise,
2 bad usage (a bad --changed-since ref included) or internal error.

probe <url> measures a live host: preflight (DNS, connect, TLS, TTFB, rate-limit headers), a
baseline on one socket, a concurrency ramp 1, 2, 4 … with latency and errors per step, the knee,
the server's idle keep-alive timeout, and the pool settings that follow. GET only (HEAD with --head),
one origin, DNS resolved once, redirects reported and never followed, no retries, no credentials,
bodies cut at 64 KiB; it stops at the first 429/503/reset/timeout or latency blow-up.

Probe options:
  --max-requests N               requests in total (default 300, at most 1000)
  --max-concurrency N            highest concurrency of the ramp (default 32, at most 64)
  --idle-wait S                  seconds to wait for the server to close an idle socket (default 30,
                                 at most 120; 0 skips it)
  --json                         print the result as JSON (version 1) instead of a table
  --ca <file>                    PEM certificate(s) to trust, for a self-signed or private CA
  --head                         send HEAD instead of GET
  --save                         write the server's profile (idle timeout, knee, latency at the knee,
                                 errors, rate-limit headers, protocol, when) into .http-resilience.json
  --config <file>                the file --save writes (default: the nearest .http-resilience.json,
                                 else a new one in the current directory)
  --no-progress                  no progress line on stderr
Fixed caps: 50 requests per second, 60 s of load, 10 s per request.

Probe exit codes: 0 the probe ran (whatever it found), 2 bad usage, host unreachable (DNS, refused,
timeout, TLS not trusted) or internal error, 130 cancelled with Ctrl-C (partial result printed).`;
