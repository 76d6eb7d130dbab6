/**
 * One domain module of the generated service: its data and HTTP layers (types, client, repository,
 * service); lsp-latency-domain-callers.ts writes the code that calls them. Calls cross files and
 * domains the way service code does, so wrapper summaries are followed through several imports.
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

/** `archive` → `Archive`. */
export const capitalized = (word: string): string => word[0].toUpperCase() + word.slice(1);

/** `types.ts` of a domain. */
export function typesFile({ pascal, slug, operations }: Domain): string {
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

/** `client.ts` of a domain. */
export function clientFile(domain: Domain): string {
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

/** `repository.ts` of a domain. */
export function repositoryFile({ pascal, slug }: Domain): string {
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

/** `service.ts` of a domain. */
export function serviceFile(domain: Domain, neighbours: readonly Domain[]): string {
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
