/** The files of a domain module that call its service and client: handlers, jobs, events, plus mapper, validators and index. */
import { capitalized, type Domain } from './domain';

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

/** `handlers.ts` of a domain. */
export function handlersFile(domain: Domain, neighbours: readonly Domain[]): string {
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

/** `jobs.ts` of a domain. */
export function jobsFile(domain: Domain): string {
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

/** `events.ts` of a domain. */
export function eventsFile(domain: Domain, neighbours: readonly Domain[]): string {
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

/** `mapper.ts` of a domain. */
export function mapperFile({ pascal }: Domain): string {
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

/** `validators.ts` of a domain. */
export function validatorsFile({ pascal, operations }: Domain): string {
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

/** `index.ts` of a domain. */
export function indexFile({ pascal, camel }: Domain): string {
  return `export * from './service';
export { ${pascal}Client, ${camel}Client } from './client';
export type { ${pascal}Record, ${pascal}Query } from './types';
`;
}
