/**
 * Network SDKs: which packages build API clients, how a request is sent through them, which calls write,
 * and whether a client gives up on a stuck request by itself. Data first (`sdkCatalogue`), then the
 * recognizer (`sdkCall`) that finds requests sent through a client built in the same file.
 *
 * Defaults are the SDKs' documented ones (checked against their READMEs and option types); `undefined`
 * means not documented, which rules must read as "unknown", never as "times out".
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { enclosingClass } from './values';

/** One SDK package family. */
export interface SdkEntry {
  /** Module specifier, or a pattern for a family (`@aws-sdk/client-*`). */
  module: string | RegExp;
  /** Exported classes (or factory functions) that build a client; a pattern for a family. */
  constructors: string | RegExp;
  /** How requests are sent: `command` (`client.send(new XCommand(input))`) or `method` (`client.a.b(args)`). */
  shape: 'command' | 'method';
  /** Calls (command or method names) that write: not safe to retry blindly. */
  writes: RegExp;
  /** Client options that set a deadline, as dotted paths (`requestHandler.requestTimeout`). */
  timeoutOptions: readonly string[];
  /** The per-request deadline without any option; `null` when there is none; `undefined` when not documented. */
  defaultTimeoutMs: number | null | undefined;
  /** Whether the client retries failed idempotent requests by itself. */
  retriesByDefault: boolean | undefined;
  /** Methods that return a handle on the client without sending anything (`storage.bucket(b).file(f)`). */
  handles?: RegExp;
  /** Methods of an exported namespace or class that build a client: `google.gmail(…)`, `Client.init(…)`. */
  factories?: RegExp;
  /**
   * Each client opens connections of its own (its own `https.Agent`, a gRPC channel) and its own credentials, so a
   * client built per call reuses no socket: the SDK's docs say to build one and share it.
   */
  ownsConnections?: boolean;
  /** Methods that compute something locally and send nothing: gax clients' `queuePath(…)`, `matchProjectFromQueueName(…)`. */
  local?: RegExp;
}

const writeVerbs = /^(create|send|update|delete|remove|put|post|patch|publish|start|stop|invoke|insert|upsert|set|add|write|upload|copy|move|cancel|complete|abort|terminate|reboot|run|execute|merge|approve|revoke|modify|attach|detach|associate|disassociate|register|deregister|tag|untag|enable|disable|import|restore|reset|save)/i;

/** The catalogue. One entry per package family; the test checks every entry is well-formed. */
export const sdkCatalogue: readonly SdkEntry[] = [
  {
    // AWS SDK v3: no request timeout unless a NodeHttpHandler gets one; standard retry mode (3 attempts).
    module: /^@aws-sdk\/client-[a-z0-9-]+$/,
    constructors: /^[A-Z][A-Za-z0-9]*Client$/,
    shape: 'command',
    writes: writeVerbs,
    timeoutOptions: ['requestHandler.requestTimeout', 'requestHandler.connectionTimeout', 'requestHandler'],
    defaultTimeoutMs: null,
    retriesByDefault: true,
    // Every client's NodeHttpHandler builds its own keep-alive https.Agent.
    ownsConnections: true,
  },
  {
    // Octokit: fetch underneath, no timeout; retries only with @octokit/plugin-retry.
    module: /^@octokit\/(rest|core|app)$|^octokit$/,
    constructors: /^(Octokit|App)$/,
    shape: 'method',
    writes: /^(create|update|delete|remove|add|set|merge|request(Reviewers)?|dispatch|upload|lock|unlock|replace|rerequest|cancel|approve|enable|disable)/i,
    timeoutOptions: ['request.timeout', 'request.signal', 'request.fetch'],
    defaultTimeoutMs: null,
    retriesByDefault: false,
  },
  {
    // stripe-node: `timeout` 80 s by default, `maxNetworkRetries` 1 (v13+), idempotency keys on retried POSTs.
    module: 'stripe',
    constructors: /^(Stripe|default)$/,
    shape: 'method',
    writes: /^(create|update|del|cancel|capture|confirm|pay|finalize|void|refund|attach|detach|markUncollectible|sendInvoice|close|reject|verify|apply|release)/,
    timeoutOptions: ['timeout'],
    defaultTimeoutMs: 80_000,
    retriesByDefault: true,
  },
  {
    // openai-node: `timeout` 10 min by default, `maxRetries` 2.
    module: 'openai',
    constructors: /^(OpenAI|AzureOpenAI|default)$/,
    shape: 'method',
    writes: /^(create|update|delete|del|cancel|submitToolOutputs|upload|stream|run|createAndPoll|createAndRun)/,
    timeoutOptions: ['timeout'],
    defaultTimeoutMs: 600_000,
    retriesByDefault: true,
  },
  {
    // @anthropic-ai/sdk: `timeout` 10 min by default, `maxRetries` 2.
    module: '@anthropic-ai/sdk',
    constructors: /^(Anthropic|default)$/,
    shape: 'method',
    writes: /^(create|stream|delete|cancel|update)/,
    timeoutOptions: ['timeout'],
    defaultTimeoutMs: 600_000,
    retriesByDefault: true,
  },
  {
    // @slack/web-api: `timeout` 0 (none) by default; retries ten times over about thirty minutes.
    module: '@slack/web-api',
    constructors: /^WebClient$/,
    shape: 'method',
    writes: /^(post|postMessage|postEphemeral|update|delete|create|invite|kick|set|add|remove|upload|uploadV2|open|close|archive|unarchive|rename|join|leave|mark|publish|push|schedule|scheduleMessage|share|revoke)/i,
    timeoutOptions: ['timeout'],
    defaultTimeoutMs: null,
    retriesByDefault: true,
  },
  {
    // @google-cloud/*: gax/gaxios clients with per-method default timeouts and retry settings.
    module: /^@google-cloud\/[a-z0-9-]+$/,
    constructors: /^[A-Z][A-Za-z0-9]*(Client|Storage|PubSub|Firestore|BigQuery|Datastore|Spanner|Logging|Translate|Bucket)?$/,
    shape: 'method',
    writes: writeVerbs,
    timeoutOptions: ['timeout', 'retryOptions.totalTimeout', 'gaxOptions.timeout'],
    defaultTimeoutMs: 60_000,
    retriesByDefault: true,
    handles: /^(bucket|file|topic|subscription|collection|doc|dataset|table|database|instance)$/,
    // Every client opens its own gRPC channel (or HTTP agent) and fetches its own OAuth token.
    ownsConnections: true,
    local: /^[a-z][A-Za-z0-9]*Path$|^match[A-Z]/,
  },
  {
    // @azure/*: core-rest-pipeline; no per-try timeout unless `retryOptions.tryTimeoutInMs` or an `abortSignal` is given.
    module: /^@azure\/[a-z0-9-]+$/,
    constructors: /^[A-Z][A-Za-z0-9]*(Client|ServiceClient)$/,
    shape: 'method',
    writes: writeVerbs,
    timeoutOptions: ['retryOptions.tryTimeoutInMs', 'abortSignal', 'requestOptions.timeout'],
    defaultTimeoutMs: undefined,
    retriesByDefault: true,
  },
  {
    // twilio-node: the RequestClient times out after 30 s by default; no automatic retries unless autoRetry.
    module: 'twilio',
    constructors: /^(Twilio|default|twilio)$/,
    shape: 'method',
    writes: /^(create|update|remove)/,
    timeoutOptions: ['timeout'],
    defaultTimeoutMs: 30_000,
    retriesByDefault: false,
  },
  {
    // @notionhq/client: `timeoutMs` 60 s by default.
    module: '@notionhq/client',
    constructors: /^Client$/,
    shape: 'method',
    writes: /^(create|update|delete|append)/,
    timeoutOptions: ['timeoutMs'],
    defaultTimeoutMs: 60_000,
    retriesByDefault: false,
  },
  {
    // @sendgrid/client and /mail: axios underneath, no timeout unless `setTimeout(ms)`.
    module: /^@sendgrid\/(mail|client)$/,
    constructors: /^(MailService|Client|default)$/,
    shape: 'method',
    writes: /^(send|sendMultiple|request)$/,
    timeoutOptions: ['setTimeout'],
    defaultTimeoutMs: null,
    retriesByDefault: false,
  },
  {
    // resend: fetch underneath, no timeout.
    module: 'resend',
    constructors: /^Resend$/,
    shape: 'method',
    writes: /^(send|create|update|remove|cancel)/,
    timeoutOptions: [],
    defaultTimeoutMs: null,
    retriesByDefault: false,
  },
  {
    // @workos-inc/node: fetch underneath; `timeout` (ms) and `maxRetries` exist in recent majors, their defaults vary by major.
    module: '@workos-inc/node',
    constructors: /^WorkOS$/,
    shape: 'method',
    writes: /^(create|update|delete|remove|send|revoke|deactivate|reactivate|accept|resend|reset|enroll|challenge|verify|authenticate|add|set|emit)/,
    timeoutOptions: ['timeout', 'config.signal'],
    defaultTimeoutMs: undefined,
    retriesByDefault: undefined,
    // Computed locally, nothing sent: authorization and logout URLs, a sealed session read from its cookie, webhook signatures.
    handles: /^(getAuthorizationUrl|getLogoutUrl|getJwksUrl|loadSealedSession|constructEvent|verifyHeader|computeSignature)$/,
  },
  {
    // googleapis / @googleapis/<api>: gaxios underneath, `timeout` 0 (none) unless set; retry settings not documented per call.
    module: /^googleapis$|^@googleapis\/[a-z0-9-]+$/,
    // The per-API factory (`gmail`, `drive`) and its client type (`gmail_v1.Gmail`); not the auth helpers.
    constructors: /^(?!(auth|Auth|common|google|GoogleApis)$)[A-Za-z][A-Za-z0-9]*$/,
    shape: 'method',
    writes: /^(create|send|update|delete|remove|put|post|patch|insert|modify|batchModify|batchDelete|trash|untrash|import|watch|stop|move|copy|emptyTrash|reset)/i,
    timeoutOptions: ['timeout'],
    defaultTimeoutMs: null,
    retriesByDefault: undefined,
    factories: /^(?!(auth|options|addAPIs|discover|discoverAPI)$)[a-z][A-Za-z0-9]*$/,
  },
  {
    // Microsoft Graph: `Client.init(…)` / `Client.initWithMiddleware(…)`, fetch underneath with no timeout; its
    // default middleware chain retries 429, 503 and 504 (RetryHandler, 3 times).
    module: '@microsoft/microsoft-graph-client',
    constructors: /^Client$/,
    shape: 'method',
    writes: /^(post|put|patch|delete|create|update)$/,
    timeoutOptions: [],
    defaultTimeoutMs: null,
    retriesByDefault: true,
    handles: /^(api|select|expand|filter|orderby|top|skip|skipToken|count|search|query|header|headers|option|options|middlewareOptions|version|responseType)$/,
    factories: /^(init|initWithMiddleware)$/,
  },
  {
    // azure-devops-node-api: typed-rest-client underneath; `socketTimeout` unset means none; retries only with `allowRetries`.
    module: 'azure-devops-node-api',
    constructors: /^WebApi$/,
    shape: 'method',
    writes: writeVerbs,
    timeoutOptions: ['socketTimeout'],
    defaultTimeoutMs: null,
    retriesByDefault: false,
    // `webApi.getGitApi()`: the area's client, on the same connection.
    handles: /^get[A-Z]\w*Api$/,
  },
  {
    // @supabase/supabase-js: fetch underneath, no timeout; `from(table)` and `storage.from(bucket)` are query builders.
    module: '@supabase/supabase-js',
    constructors: /^(createClient|SupabaseClient)$/,
    shape: 'method',
    writes: /^(insert|upsert|update|delete|remove|upload|move|copy|signUp|signIn\w*|invoke)$/,
    timeoutOptions: ['global.fetch'],
    defaultTimeoutMs: null,
    retriesByDefault: false,
    handles: /^(from|schema|channel)$/,
  },
];

/** Packages whose client bounds its own concurrency: `octokit` applies @octokit/plugin-throttling (Bottleneck, 10 at a time). */
const selfThrottlingModules = new Set(['octokit']);

/** Whether requests through a client of `module` wait for the client's own limiter. */
export function throttlesItself(module: string): boolean {
  return selfThrottlingModules.has(module);
}

/** The catalogue entry for a module specifier. */
export function sdkEntryFor(module: string): SdkEntry | undefined {
  return sdkCatalogue.find((entry) => (typeof entry.module === 'string' ? entry.module === module : entry.module.test(module)));
}

function matches(pattern: string | RegExp, text: string): boolean {
  return typeof pattern === 'string' ? pattern === text : pattern.test(text);
}

/** A request sent through an SDK client. */
export interface SdkCall {
  node: ts.CallExpression;
  entry: SdkEntry;
  /** The module the client class comes from. */
  module: string;
  /** The command (`PutObjectCommand`) or method (`repos.get`) sent. */
  operation: string;
  /** The operation writes (create, send, update, delete, put, post…). */
  writes: boolean;
  /** The `new Client(...)` that built the client, when visible. */
  creation?: ts.NewExpression;
}

/**
 * `s3.send(new PutObjectCommand(input))`, `octokit.rest.repos.get(…)`, `stripe.customers.create(…)`,
 * `this.slack.chat.postMessage(…)`: a method call on a client built from a catalogued SDK class.
 */
export function sdkCall(call: ts.CallExpression): SdkCall | undefined {
  return sdkCallThrough(call, undefined);
}

/** `sdkCall`, with a resolver for the clients this file alone cannot trace (a caller that sees other project files). */
export function sdkCallThrough(call: ts.CallExpression, resolveRoot: ((root: ts.Expression) => ClientOrigin | undefined) | undefined): SdkCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  // The client is the root of the member chain: `client` in `client.a.b.c(…)`.
  const path: string[] = [callee.name.text];
  let root: ts.Expression = skipOuterExpressions(callee.expression);
  while (ts.isPropertyAccessExpression(root) && !(root.expression.kind === ts.SyntaxKind.ThisKeyword)) {
    path.unshift(root.name.text);
    root = skipOuterExpressions(root.expression);
  }
  // A caller that can see further (other project files) resolves what this file alone cannot.
  const client = clientOrigin(root) ?? resolveRoot?.(root);
  if (!client) return undefined;
  const { entry, module, creation } = client;
  if (entry.shape === 'command') {
    if (path.length !== 1 || path[0] !== 'send') return undefined;
    const command = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
    const name = command && ts.isNewExpression(command) && ts.isIdentifier(command.expression) ? command.expression.text : undefined;
    const operation = name ?? 'send';
    return { node: call, entry, module, operation, writes: name ? entry.writes.test(name.replace(/Command$/, '')) : false, creation };
  }
  // `octokit.rest.repos.get` / `octokit.repos.get`: the last name is the operation.
  if (path[0] === 'rest') path.shift();
  const operation = path.join('.');
  const last = path[path.length - 1];
  // `storage.bucket(name)` returns a handle and sends nothing.
  if (entry.handles?.test(last) || entry.local?.test(last)) return undefined;
  const writes = last === 'request' ? /^\s*['"`](POST|PUT|PATCH|DELETE)\b/.test(call.arguments[0]?.getText() ?? '') : entry.writes.test(last);
  return { node: call, entry, module, operation, writes, creation };
}

/** The catalogued SDK a client comes from. */
export interface ClientOrigin {
  entry: SdkEntry;
  module: string;
  creation?: ts.NewExpression;
}

/** Follows an identifier or `this.x` to `new Client(…)` of a catalogued SDK (same file only). */
export function clientOrigin(expression: ts.Expression, depth = 0): ClientOrigin | undefined {
  // Handles add two steps each (`const blob = bucket.file(f)`, `const bucket = storage.bucket(b)`).
  if (depth > 8) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isNewExpression(expr)) return constructed(expr);
  // `storage.bucket(name)` and `bucket.file(path)`: handles on the client, sending nothing themselves.
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
    const method = expr.expression.name.text;
    const factory = factoryOf(expr.expression.expression, method);
    if (factory) return factory;
    const owner = clientOrigin(expr.expression.expression, depth + 1);
    return owner?.entry.handles?.test(method) ? owner : undefined;
  }
  if (ts.isCallExpression(expr) && ts.isIdentifier(expr.expression)) {
    // `twilio(sid, token)`: a factory export.
    const imported = importOf(expr.expression);
    const entry = imported && sdkEntryFor(imported.module);
    return entry && matches(entry.constructors, imported.name) ? { entry, module: imported.module } : undefined;
  }
  if (ts.isIdentifier(expr)) {
    const binding = resolveName(expr.text, expr);
    if (binding.kind !== 'local') return undefined;
    const declaration = binding.declaration;
    if ((ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
      return clientOrigin(declaration.initializer, depth + 1);
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = enclosingClass(expr);
    if (!owner) return undefined;
    const name = expr.name.text;
    for (const member of owner.members) {
      if (ts.isPropertyDeclaration(member) && member.name.getText() === name && member.initializer) {
        const found = clientOrigin(member.initializer, depth + 1);
        if (found) return found;
      }
      if (ts.isConstructorDeclaration(member) && member.body) {
        for (const statement of member.body.statements) {
          if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
          const { left, operatorToken, right } = statement.expression;
          if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
          if (left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) {
            const found = clientOrigin(right, depth + 1);
            if (found) return found;
          }
        }
      }
    }
  }
  return undefined;
}

/** `google.gmail({ version: 'v1', auth })`, `Client.init({ authProvider })`: a factory on an imported namespace or class. */
function factoryOf(owner: ts.Expression, method: string): ClientOrigin | undefined {
  const base = skipOuterExpressions(owner);
  const imported = ts.isIdentifier(base) ? importOf(base) : undefined;
  const entry = imported && sdkEntryFor(imported.module);
  return imported && entry?.factories?.test(method) ? { entry, module: imported.module } : undefined;
}

function constructed(construction: ts.NewExpression): ClientOrigin | undefined {
  const callee = skipOuterExpressions(construction.expression);
  let imported: { module: string; name: string } | undefined;
  if (ts.isIdentifier(callee)) imported = importOf(callee);
  else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const base = importOf(callee.expression);
    if (base && (base.name === '*' || base.name === 'default')) imported = { module: base.module, name: callee.name.text };
  }
  const entry = imported && sdkEntryFor(imported.module);
  if (!entry || !imported || !matches(entry.constructors, imported.name)) return undefined;
  return { entry, module: imported.module, creation: construction };
}

function importOf(identifier: ts.Identifier): { module: string; name: string } | undefined {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind === 'import') return { module: binding.module, name: binding.name };
  if (binding.kind !== 'local') return undefined;
  // `const Stripe = require('stripe')`, `const { S3Client } = require('@aws-sdk/client-s3')`.
  const declaration = binding.declaration;
  const variable = ts.isBindingElement(declaration) ? declaration.parent.parent : declaration;
  if (!ts.isVariableDeclaration(variable) || !variable.initializer) return undefined;
  const init = skipOuterExpressions(variable.initializer);
  if (!ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') return undefined;
  const argument = init.arguments[0];
  if (!argument || !ts.isStringLiteralLike(argument)) return undefined;
  if (ts.isBindingElement(declaration)) return { module: argument.text, name: (declaration.propertyName ?? declaration.name).getText() };
  return { module: argument.text, name: 'default' };
}
