/**
 * Requests behind run-time dispatch (analysis/dispatch.ts) and the evidence of a large collection
 * (large-collections.ts `largeCollectionEvidence`) on the fixture project test-fixtures/unbounded-concurrency/dispatch.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { dispatchedRequest } from '../src/analysis/dispatch';
import { largeCollectionEvidence } from '../src/analysis/large-collections';
import { ProjectHost } from '../src/analysis/project/project-host';
import { ts } from '../src/analysis/ts';
import { fixturesRoot } from './support/fixture-expectations';

const folder = path.join(fixturesRoot, 'unbounded-concurrency', 'dispatch');
const host = new ProjectHost();

function callOn(file: string, line: number, callee: string): ts.CallExpression {
  const analysis = host.getFile(path.join(folder, file));
  assert.ok(analysis, file);
  const call = analysis.calls.find((candidate) => analysis.sourceFile.getLineAndCharacterOfPosition(candidate.getStart()).line + 1 === line && candidate.expression.getText() === callee);
  assert.ok(call, `${file}:${line} ${callee}`);
  return call;
}

function analysisOf(file: string) {
  const analysis = host.getFile(path.join(folder, file));
  assert.ok(analysis);
  return analysis;
}

describe('dispatchedRequest', () => {
  it('follows a field typed by a base class to the subclass the choosing file imports, through two dispatches', () => {
    const site = dispatchedRequest(callOn('sweeps.ts', 18, 'jobs.triggerJob'), analysisOf('sweeps.ts'));
    assert.equal(site?.label, 'jobs.triggerJob()');
    assert.equal(site?.wrapper?.summary.name, 'EndpointJobProvider.triggerJob');
    assert.equal(site?.wrapper?.summary.example?.label, 'api.post');
  });

  it("follows a singleton's factory return type to the implementation of an abstract method", () => {
    const site = dispatchedRequest(callOn('sweeps.ts', 25, 'auth.getUser'), analysisOf('sweeps.ts'));
    assert.equal(site?.wrapper?.summary.name, 'HttpAuthProvider.getUser');
  });

  it('a field the constructor builds with `new` is that class, not another subclass the file imports', () => {
    assert.equal(dispatchedRequest(callOn('sweeps-clean.ts', 59, 'this.provider.triggerJob'), analysisOf('sweeps-clean.ts')), undefined);
  });

  it('finds nothing when no implementation sends a request', () => {
    assert.equal(dispatchedRequest(callOn('sweeps-clean.ts', 46, 'provider.triggerJob'), analysisOf('sweeps-clean.ts')), undefined);
  });

  it('follows a constructor parameter typed by a project interface to the class that implements it with an SDK client', () => {
    const site = dispatchedRequest(callOn('offboarding.ts', 9, 'this.directory.deactivate'), analysisOf('offboarding.ts'));
    assert.equal(site?.wrapper?.summary.name, 'WorkOSDirectory.deactivate');
    assert.equal(site?.wrapper?.summary.example?.label, 'this.workos.userManagement.deactivateOrganizationMembership');
  });

  it("follows a function parameter typed by an interface, searching the interface's own file for implementations", () => {
    const site = dispatchedRequest(callOn('offboarding.ts', 22, 'directory.revokeInvitation'), analysisOf('offboarding.ts'));
    assert.equal(site?.wrapper?.summary.name, 'WorkOSDirectory.revokeInvitation');
  });

  it('finds nothing when no implementation of the interface sends a request', () => {
    assert.equal(dispatchedRequest(callOn('offboarding-clean.ts', 8, 'sink.write'), analysisOf('offboarding-clean.ts')), undefined);
  });
});

describe('largeCollectionEvidence', () => {
  function evidence(text: string): string | undefined {
    const sourceFile = ts.createSourceFile('sample.ts', text, ts.ScriptTarget.Latest, true);
    let found: ts.Expression | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'map') found = node.expression.expression;
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return largeCollectionEvidence(found);
  }

  it('reads caps above a page as evidence, and says which', () => {
    assert.equal(evidence('async function f(db) { const rows = await db.r.findMany({ take: 1000 }); rows.map(g); }'), 'up to 1000 rows, `take: 1000`');
    assert.equal(evidence('async function f(db) { const rows = await db.selectFrom("x").limit(100).execute(); rows.map(g); }'), 'up to 100 rows, `.limit(100)`');
    assert.equal(evidence('async function f(sql) { const rows = await sql`SELECT id FROM t LIMIT 500`; rows.map(g); }'), 'up to 500 rows, `LIMIT 500`');
    assert.equal(evidence('async function f(db) { const rows = (await db.r.findMany({ take: 200 })).filter(h); rows.map(g); }'), 'up to 200 rows, `take: 200`');
  });

  it('reads what an awaited call whose name says it lists returns as evidence, through destructuring, spreads and `.catch`', () => {
    assert.equal(evidence('async function f(auth) { const members = await auth.getOrganizationMemberList(org); members.data.map(g); }'), 'listed by `auth.getOrganizationMemberList()`');
    assert.equal(evidence('async function f(wk) { const { data } = await wk.userManagement.listUsers({ organizationId }); data.map(g); }'), 'listed by `wk.userManagement.listUsers()`');
    const closing = `async function f(auth) {
      const [members, invitations] = await Promise.all([auth.getOrganizationMemberList(org).catch(() => null), auth.getInvitationList(org)]);
      const [, ...others] = [...(members?.data ?? [])].sort(byDate);
      others.map(g);
    }`;
    assert.equal(evidence(closing), 'listed by `auth.getOrganizationMemberList()`');
    assert.equal(evidence('async function f(wk) { const users = await wk.listUsers(); const ids = [...new Set(users.data)]; ids.map(g); }'), 'listed by `wk.listUsers()`');
  });

  it('a listing name without an await, a name that only ends in "list", or one item of a list is no evidence', () => {
    assert.equal(evidence('function f(store) { const members = store.getMemberList(); members.map(g); }'), undefined);
    assert.equal(evidence('async function f(music) { const songs = await music.getPlaylist(id); songs.map(g); }'), undefined);
    assert.equal(evidence('async function f(o) { const hooks = await getAllWebhooksByEventTrigger(o); hooks.map(g); }'), undefined);
    assert.equal(evidence('async function f(auth) { const [first] = await auth.listUsers(); first.data.map(g); }'), undefined);
  });

  /** The evidence for the collection mapped in class `owner`'s `push`, with the file's own calls of it followed. */
  function pushEvidence(text: string, owner: string): string | undefined {
    const filePath = path.join(path.sep, 'project', 'sync.ts');
    const analysis = new ProjectHost((candidate) => (candidate === filePath ? text : undefined)).getFile(filePath);
    assert.ok(analysis);
    const map = analysis.calls.find((call) => {
      const method = ts.findAncestor(call, ts.isMethodDeclaration);
      const inClass = method && ts.isClassDeclaration(method.parent) && method.parent.name?.text === owner && method.name.getText() === 'push';
      return inClass && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'map';
    });
    assert.ok(map && ts.isPropertyAccessExpression(map.expression), owner);
    return largeCollectionEvidence(map.expression.expression, analysis);
  }

  it("a parameter is what the file's own calls of its function pass (any of them), not what a namesake's calls pass", () => {
    const text = `
      declare function g(id: string): Promise<void>;
      class Sync {
        async run(db: any) {
          await this.push([]);
          const rows = await db.r.findMany({ take: 1000 });
          await this.push(rows.map((row: any) => row.id));
        }
        async push(ids: string[]) { await Promise.all(ids.map(g)); }
      }
      class Other {
        async push(ids: string[]) { await Promise.all(ids.map(g)); }
        async run() { await this.push(['a']); }
      }`;
    assert.equal(pushEvidence(text, 'Sync'), 'up to 1000 rows, `take: 1000`');
    assert.equal(pushEvidence(text, 'Other'), undefined);
  });

  it('a page, a parameter or a project function says nothing about size', () => {
    assert.equal(evidence('async function f(db) { const rows = await db.r.findMany({ take: 20 }); rows.map(g); }'), undefined);
    assert.equal(evidence('function f(rows) { rows.map(g); }'), undefined);
    assert.equal(evidence('async function f() { const rows = await webhooksOf(1); rows.map(g); }'), undefined);
  });
});
