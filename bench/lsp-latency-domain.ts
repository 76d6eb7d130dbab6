/**
 * The ten files of one domain module of the generated service (types, HTTP client, repository,
 * service, handlers, jobs, events, mapper, validators, index). Calls cross files and domains the
 * way service code does, so wrapper summaries are followed through several imports.
 */

/** How a domain's code talks HTTP; drawn at random per domain. */
export interface DomainFlavour {
  /** What the client file sends requests with. */
  client: 'axios-instance' | 'fetch-wrapper' | 'raw-fetch' | 'axios';
  /** How the service fans out over many ids. */
  fanOut: 'unbounded' | 'p-limit' | 'helper' | 'sequential' | 'chunked';
  /** The handlers build an axios instance per request (agent-per-request). */
  clientPerRequest: boolean;
  /** The job retries in a loop without a delay (retry-without-backoff). */
  retryWithoutBackoff: boolean;
}

/** One domain module: `src/modules/<slug>/`. */
export interface Domain {
  index: number;
  /** Folder name: `billing-orders`. */
  slug: string;
  /** `billingOrders`. */
  camel: string;
  /** `BillingOrders`. */
  pascal: string;
  flavour: DomainFlavour;
  /** Workflow operations (`archive`, `approve`…): one type pair, client method, service function, handler and validator each. */
  operations: string[];
}

const capitalized = (word: string): string => word[0].toUpperCase() + word.slice(1);

/** File name → text for one domain; `neighbours` are the domains it imports from. */
export function domainFiles(domain: Domain, neighbours: readonly Domain[]): Record<string, string> {
  return {
    'types.ts': typesFile(domain),
    'client.ts': clientFile(domain),
    'repository.ts': repositoryFile(domain),
    'service.ts': serviceFile(domain, neighbours),
    'handlers.ts': handlersFile(domain, neighbours),
    'jobs.ts': jobsFile(domain),
    'events.ts': eventsFile(domain, neighbours),
    'mapper.ts': mapperFile(domain),
    'validators.ts': validatorsFile(domain),
    'index.ts': indexFile(domain),
  };
}

function typesFile({ pascal, slug, operations }: Domain): string {
  return `// Shapes of the ${slug} API and of our stored copies.
export type ${pascal}Status = 'pending' | 'active' | 'suspended' | 'closed';

export interface ${pascal}Record {
  id: string;
  tenantId: string;
  ownerId: string;
  status: ${pascal}Status;
  total: number;
  currency: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /** Set by the upstream when the record was merged into another one. */
  mergedInto?: string;
}

export interface ${pascal}Query {
  tenantId: string;
  status?: ${pascal}Status;
  since?: string;
  page?: number;
  pageSize?: number;
}

export interface ${pascal}Patch {
  status?: ${pascal}Status;
  tags?: string[];
  total?: number;
}

export interface ${pascal}Page {
  items: ${pascal}Record[];
  nextPage?: number;
}

export interface ${pascal}Summary {
  count: number;
  total: number;
  byStatus: Record<${pascal}Status, number>;
}
${operations.map((operation) => operationTypes(pascal, capitalized(operation))).join('')}`;
}

function operationTypes(pascal: string, operation: string): string {
  return `
/** Asks the upstream to ${operation.toLowerCase()} a record; the actor is recorded in the audit log. */
export interface ${operation}${pascal}Request {
  id: string;
  actor: string;
  reason?: string;
  requestedAt: string;
}

export interface ${operation}${pascal}Result {
  id: string;
  status: ${pascal}Status;
  auditId: string;
}
`;
}

/** The request line of the client's `get`, by flavour. */
function clientGet({ flavour, pascal, slug }: Domain): string[] {
  switch (flavour.client) {
    case 'axios-instance':
      return [`    const { data } = await api.get<${pascal}Record>(\`/${slug}/\${id}\`);`, '    return data;'];
    case 'fetch-wrapper':
      return [`    return getJson<${pascal}Record>(\`/${slug}/\${id}\`);`];
    case 'raw-fetch':
      return [
        `    const res = await fetch(\`\${config.baseUrl}/${slug}/\${id}\`);`,
        `    if (!res.ok) throw new HttpError(res.status, \`/${slug}/\${id}\`);`,
        `    return (await res.json()) as ${pascal}Record;`,
      ];
    case 'axios':
      return [`    const { data } = await axios.get<${pascal}Record>(\`\${config.baseUrl}/${slug}/\${id}\`, { timeout: 5_000 });`, '    return data;'];
  }
}

/** `ArchiveBillingOrdersRequest, ArchiveBillingOrdersResult, …` for an import list. */
function operationTypeNames({ pascal, operations }: Domain): string {
  return operations.map((operation) => `${capitalized(operation)}${pascal}Request, ${capitalized(operation)}${pascal}Result`).join(', ');
}

function clientMethod({ pascal, slug }: Domain, operation: string): string {
  const type = `${capitalized(operation)}${pascal}`;
  return `
  async ${operation}(request: ${type}Request): Promise<${type}Result> {
    const { data } = await api.post<${type}Result>(\`/${slug}/\${request.id}/${operation}\`, request);
    return data;
  }
`;
}

function clientFile(domain: Domain): string {
  const { pascal, camel, slug } = domain;
  return `// HTTP client for the ${slug} API.
import axios from 'axios';
import { api } from '../../lib/http';
import { config } from '../../lib/config';
import { getJson, postJson } from '../../lib/fetch-json';
import { HttpError } from '../../lib/errors';
import type { ${pascal}Page, ${pascal}Patch, ${pascal}Query, ${pascal}Record, ${operationTypeNames(domain)} } from './types';

export class ${pascal}Client {
  async get(id: string): Promise<${pascal}Record> {
${clientGet(domain).join('\n')}
  }

  async list(query: ${pascal}Query): Promise<${pascal}Page> {
    const { data } = await api.get<${pascal}Page>('/${slug}', { params: query });
    return data;
  }

  async update(id: string, patch: ${pascal}Patch): Promise<${pascal}Record> {
    const { data } = await api.patch<${pascal}Record>(\`/${slug}/\${id}\`, patch);
    return data;
  }

  async create(record: Omit<${pascal}Record, 'id' | 'createdAt' | 'updatedAt'>): Promise<${pascal}Record> {
    return postJson<${pascal}Record>('/${slug}', record);
  }
${domain.operations.map((operation) => clientMethod(domain, operation)).join('')}}

export const ${camel}Client = new ${pascal}Client();

export async function fetch${pascal}(id: string): Promise<${pascal}Record> {
  return ${camel}Client.get(id);
}

export async function search${pascal}(term: string, page = 1): Promise<${pascal}Record[]> {
  const res = await axios.get<${pascal}Record[]>(\`\${config.baseUrl}/${slug}/search\`, { params: { q: term, page } });
  return res.data;
}

export async function notify${pascal}(id: string): Promise<void> {
  await postJson(\`/${slug}/\${id}/notify\`, { at: new Date().toISOString() });
}
`;
}

function repositoryFile({ pascal, slug }: Domain): string {
  const table = slug.replace('-', '_');
  return `// Our stored copy of ${slug} records (Postgres: not an HTTP pool).
import { Pool } from 'pg';
import type { ${pascal}Record, ${pascal}Status } from './types';

const pool = new Pool({ max: 10, idleTimeoutMillis: 30_000 });

export class ${pascal}Repository {
  async find(id: string): Promise<${pascal}Record | undefined> {
    const result = await pool.query('SELECT * FROM ${table} WHERE id = $1', [id]);
    return result.rows[0] as ${pascal}Record | undefined;
  }

  async findByStatus(tenantId: string, status: ${pascal}Status): Promise<${pascal}Record[]> {
    const result = await pool.query('SELECT * FROM ${table} WHERE tenant_id = $1 AND status = $2', [tenantId, status]);
    return result.rows as ${pascal}Record[];
  }

  async save(record: ${pascal}Record): Promise<void> {
    await pool.query(
      'INSERT INTO ${table} (id, tenant_id, status, total, payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO UPDATE SET payload = $5',
      [record.id, record.tenantId, record.status, record.total, JSON.stringify(record)],
    );
  }

  async saveMany(records: ${pascal}Record[]): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const record of records) await this.save(record);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}
`;
}

/** The body of `loadMany<X>(ids)`, by flavour. */
function fanOutBody({ flavour, pascal }: Domain): string[] {
  switch (flavour.fanOut) {
    case 'unbounded':
      return [`  return Promise.all(ids.map((id) => load${pascal}(id)));`];
    case 'p-limit':
      return [`  return Promise.all(ids.map((id) => limit(() => load${pascal}(id))));`];
    case 'helper':
      return [`  return mapLimit(ids, 8, (id) => load${pascal}(id));`];
    case 'sequential':
      return [`  const loaded: ${pascal}Record[] = [];`, '  for (const id of ids) {', `    loaded.push(await load${pascal}(id));`, '  }', '  return loaded;'];
    case 'chunked':
      return [
        `  const loaded: ${pascal}Record[] = [];`,
        '  for (const batch of chunk(ids, 8)) {',
        `    loaded.push(...(await Promise.all(batch.map((id) => load${pascal}(id)))));`,
        '  }',
        '  return loaded;',
      ];
  }
}

/** The limiter or helper `loadMany<X>` imports, by flavour. */
function fanOutImport({ flavour }: Domain): string {
  switch (flavour.fanOut) {
    case 'p-limit':
      return "import { limit } from '../../lib/limit';\n";
    case 'helper':
      return "import { mapLimit } from '../../lib/resilient-http';\n";
    case 'chunked':
      return "import { chunk } from '../../lib/ids';\n";
    default:
      return '';
  }
}

function serviceOperation({ pascal, camel, slug }: Domain, operation: string): string {
  return `
export async function ${operation}${pascal}(id: string, actor: string, reason?: string) {
  const record = await load${pascal}(id);
  if (record.status === 'closed') throw new Error(\`${slug} \${id} is closed and cannot be changed (${operation})\`);
  const result = await ${camel}Client.${operation}({ id, actor, reason, requestedAt: new Date().toISOString() });
  logger.info('${slug} ${operation}', { id, actor, auditId: result.auditId });
  await repository.save({ ...record, status: result.status, updatedAt: new Date().toISOString() });
  return result;
}
`;
}

function serviceFile(domain: Domain, neighbours: readonly Domain[]): string {
  const { pascal, camel } = domain;
  const [next, far] = neighbours;
  return `// Business logic for ${domain.slug}: cache-through loads, fan-outs, enrichment from other domains.
import { ${camel}Client, fetch${pascal}, notify${pascal} } from './client';
import { ${pascal}Repository } from './repository';
import { fetch${next.pascal} } from '../${next.slug}/client';
import { load${far.pascal} } from '../${far.slug}/service';
${fanOutImport(domain)}import { withRetry } from '../../lib/retry';
import { logger } from '../../lib/logger';
import type { ${pascal}Record, ${pascal}Summary } from './types';

const repository = new ${pascal}Repository();

export async function load${pascal}(id: string): Promise<${pascal}Record> {
  const cached = await repository.find(id);
  if (cached && !cached.mergedInto) return cached;
  const fresh = await withRetry(() => fetch${pascal}(cached?.mergedInto ?? id));
  await repository.save(fresh);
  return fresh;
}

export async function loadMany${pascal}(ids: string[]): Promise<${pascal}Record[]> {
  logger.debug('loading ${domain.slug}', { count: ids.length });
${fanOutBody(domain).join('\n')}
}

export async function enrich${pascal}(records: ${pascal}Record[]) {
  const owners = await Promise.all(records.slice(0, 5).map((record) => fetch${next.pascal}(record.ownerId)));
  return records.map((record, index) => ({ ...record, owner: owners[index] }));
}

export async function related${pascal}(record: ${pascal}Record) {
  const linked = await load${far.pascal}(record.ownerId);
  return { record, linked };
}

export async function sync${pascal}(tenantId: string): Promise<number> {
  let page: number | undefined = 1;
  let synced = 0;
  while (page !== undefined) {
    const result = await ${camel}Client.list({ tenantId, page, pageSize: 100 });
    await repository.saveMany(result.items);
    synced += result.items.length;
    page = result.nextPage;
  }
  return synced;
}

export async function announce${pascal}(ids: string[]): Promise<void> {
  for (const id of ids) {
    await notify${pascal}(id);
  }
}

export function summarize${pascal}(records: ${pascal}Record[]): ${pascal}Summary {
  const byStatus = { pending: 0, active: 0, suspended: 0, closed: 0 };
  let total = 0;
  for (const record of records) {
    byStatus[record.status]++;
    total += record.total;
  }
  return { count: records.length, total, byStatus };
}
${domain.operations.map((operation) => serviceOperation(domain, operation)).join('')}
export const ${camel}Service = { load: load${pascal}, loadMany: loadMany${pascal}, sync: sync${pascal}, summarize: summarize${pascal} };
`;
}

function operationHandler({ pascal }: Domain, operation: string): string {
  const name = `${capitalized(operation)}${pascal}`;
  return `
export async function handle${name}(req: HttpRequest, res: HttpResponse): Promise<void> {
  const input = validate${name}(req.body);
  if (!input.ok) {
    res.status(400).json({ errors: input.errors });
    return;
  }
  const result = await ${operation}${pascal}(req.params.id, input.value.actor, input.value.reason);
  res.status(200).json(result);
}
`;
}

function handlersFile(domain: Domain, neighbours: readonly Domain[]): string {
  const { pascal, camel, slug, flavour } = domain;
  const other = neighbours[2];
  const perRequest = flavour.clientPerRequest
    ? [
        `export async function handleExport${pascal}(req: HttpRequest, res: HttpResponse): Promise<void> {`,
        "  const exporter = axios.create({ baseURL: 'https://export.example.com', timeout: 10_000 });",
        `  const { data } = await exporter.post('/exports', { kind: '${slug}', ids: req.body });`,
        '  res.status(202).json(data);',
        '}',
      ]
    : [];
  return `// HTTP handlers for /${slug}.
import axios from 'axios';
import { load${pascal}, loadMany${pascal}, summarize${pascal}, enrich${pascal}, ${domain.operations.map((operation) => operation + pascal).join(', ')} } from './service';
import { parse${pascal}Query, validate${pascal}Patch, ${domain.operations.map((operation) => `validate${capitalized(operation)}${pascal}`).join(', ')} } from './validators';
import { to${pascal}View } from './mapper';
import { ${camel}Client } from './client';
import * as ${other.camel} from '../${other.slug}';

interface HttpRequest {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}

interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
}

export async function handleGet${pascal}(req: HttpRequest, res: HttpResponse): Promise<void> {
  const record = await load${pascal}(req.params.id);
  res.status(200).json(to${pascal}View(record));
}

export async function handleList${pascal}(req: HttpRequest, res: HttpResponse): Promise<void> {
  const ids = String(req.query.ids ?? '').split(',').filter(Boolean);
  const records = await loadMany${pascal}(ids);
  const enriched = await enrich${pascal}(records);
  res.status(200).json({ items: enriched.map(to${pascal}View), summary: summarize${pascal}(records) });
}

export async function handlePatch${pascal}(req: HttpRequest, res: HttpResponse): Promise<void> {
  const patch = validate${pascal}Patch(req.body);
  if (!patch.ok) {
    res.status(400).json({ errors: patch.errors });
    return;
  }
  const updated = await ${camel}Client.update(req.params.id, patch.value);
  res.status(200).json(to${pascal}View(updated));
}

export async function handleOwner${pascal}(req: HttpRequest, res: HttpResponse): Promise<void> {
  const query = parse${pascal}Query(req.query);
  const owner = await ${other.camel}.load${other.pascal}(query.tenantId);
  res.status(200).json({ owner });
}
${domain.operations.map((operation) => operationHandler(domain, operation)).join('')}${perRequest.length > 0 ? '\n' : ''}${perRequest.join('\n')}
`;
}

function jobsFile(domain: Domain): string {
  const { pascal, camel, slug, flavour } = domain;
  const delay = flavour.retryWithoutBackoff ? '' : '\n      await sleep(Math.random() * Math.min(10_000, 200 * 2 ** attempt));';
  return `// Scheduled jobs for ${slug}.
import { ${camel}Client, search${pascal} } from './client';
import { sync${pascal}, loadMany${pascal} } from './service';
import { api } from '../../lib/http';
import { sleep } from '../../lib/ids';
import { logger } from '../../lib/logger';
import { metrics } from '../../lib/metrics';

export async function nightly${pascal}Sync(tenants: string[]): Promise<void> {
  for (const tenantId of tenants) {
    const started = Date.now();
    const count = await sync${pascal}(tenantId);
    metrics.observe('${slug}.sync', Date.now() - started);
    logger.info('synced ${slug}', { tenantId, count });
  }
}

export async function push${pascal}Report(report: unknown): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await api.post('/reports/${slug}', report);
      return;
    } catch (error) {
      logger.warn('report upload failed', { attempt, error: String(error) });${delay}
    }
  }
}

export async function reindex${pascal}(terms: string[]): Promise<number> {
  let found = 0;
  for (const term of terms) {
    const hits = await search${pascal}(term);
    const loaded = await loadMany${pascal}(hits.map((hit) => hit.id));
    found += loaded.length;
  }
  return found;
}

export async function archive${pascal}(ids: string[]): Promise<void> {
  for (const id of ids) {
    await ${camel}Client.update(id, { status: 'closed' });
  }
}
`;
}

function eventsFile(domain: Domain, neighbours: readonly Domain[]): string {
  const { pascal, slug } = domain;
  const next = neighbours[0];
  return `// Reactions to ${slug} events from the message bus.
import { load${pascal}, announce${pascal} } from './service';
import { loadMany${next.pascal} } from '../${next.slug}/service';
import { logger } from '../../lib/logger';

export interface ${pascal}Event {
  type: 'created' | 'updated' | 'deleted';
  id: string;
  relatedIds: string[];
}

export async function on${pascal}Event(event: ${pascal}Event): Promise<void> {
  switch (event.type) {
    case 'created':
    case 'updated': {
      const record = await load${pascal}(event.id);
      await loadMany${next.pascal}(event.relatedIds);
      logger.info('${slug} changed', { id: record.id, status: record.status });
      break;
    }
    case 'deleted':
      await announce${pascal}([event.id]);
      break;
  }
}

export function onBatchOf${pascal}Events(events: ${pascal}Event[]): void {
  events.forEach(async (event) => {
    await on${pascal}Event(event);
  });
}
`;
}

function mapperFile({ pascal }: Domain): string {
  return `// Maps stored records to what the API returns.
import type { ${pascal}Record } from './types';

export interface ${pascal}View {
  id: string;
  status: string;
  total: string;
  tags: string[];
  age: string;
}

const currencyFormats = new Map<string, Intl.NumberFormat>();

function formatMoney(amount: number, currency: string): string {
  let format = currencyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    currencyFormats.set(currency, format);
  }
  return format.format(amount / 100);
}

function describeAge(createdAt: string, now = Date.now()): string {
  const days = Math.floor((now - Date.parse(createdAt)) / 86_400_000);
  if (days < 1) return 'today';
  if (days < 30) return \`\${days} days\`;
  return \`\${Math.floor(days / 30)} months\`;
}

export function to${pascal}View(record: ${pascal}Record): ${pascal}View {
  return {
    id: record.id,
    status: record.status.toUpperCase(),
    total: formatMoney(record.total, record.currency),
    tags: [...record.tags].sort(),
    age: describeAge(record.createdAt),
  };
}
`;
}

function operationValidator(pascal: string, operation: string): string {
  return `
export function validate${capitalized(operation)}${pascal}(input: unknown): Validated<{ actor: string; reason?: string }> {
  if (typeof input !== 'object' || input === null) return { ok: false, errors: ['body must be an object'] };
  const body = input as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof body.actor !== 'string' || body.actor === '') errors.push('actor is required');
  if (body.reason !== undefined && typeof body.reason !== 'string') errors.push('reason must be a string');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { actor: body.actor as string, reason: body.reason as string | undefined } };
}
`;
}

function validatorsFile({ pascal, operations }: Domain): string {
  return `// Input validation for ${pascal} requests.
import type { ${pascal}Patch, ${pascal}Query, ${pascal}Status } from './types';

const statuses: readonly ${pascal}Status[] = ['pending', 'active', 'suspended', 'closed'];

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export function validate${pascal}Patch(input: unknown): Validated<${pascal}Patch> {
  const errors: string[] = [];
  if (typeof input !== 'object' || input === null) return { ok: false, errors: ['body must be an object'] };
  const body = input as Record<string, unknown>;
  if (body.status !== undefined && !statuses.includes(body.status as ${pascal}Status)) errors.push('unknown status');
  if (body.tags !== undefined && !Array.isArray(body.tags)) errors.push('tags must be an array');
  if (body.total !== undefined && typeof body.total !== 'number') errors.push('total must be a number');
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: body as ${pascal}Patch };
}

export function parse${pascal}Query(query: Record<string, string | undefined>): ${pascal}Query {
  const page = Number(query.page ?? '1');
  return {
    tenantId: query.tenant ?? 'default',
    status: statuses.find((status) => status === query.status),
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: Math.min(Number(query.pageSize ?? '50'), 200),
  };
}
${operations.map((operation) => operationValidator(pascal, operation)).join('')}`;
}

function indexFile({ pascal, camel }: Domain): string {
  return `export * from './service';
export { ${pascal}Client, ${camel}Client } from './client';
export type { ${pascal}Record, ${pascal}Query } from './types';
`;
}
