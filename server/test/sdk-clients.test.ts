/** The SDK catalogue is well-formed, and SDK calls are recognized as request sites. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ts } from '../src/analysis/ts';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectHost } from '../src/analysis/project/project-host';
import { sdkRequestSites } from '../src/analysis/request-sites';
import { sdkCall, sdkCatalogue, sdkEntryFor } from '../src/analysis/sdk-clients';

function calls(text: string): ts.CallExpression[] {
  const sourceFile = ts.createSourceFile('sample.ts', text, ts.ScriptTarget.Latest, true);
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe('sdk catalogue', () => {
  it('every entry is well-formed', () => {
    for (const entry of sdkCatalogue) {
      assert.ok(entry.shape === 'command' || entry.shape === 'method', String(entry.module));
      assert.ok(entry.writes instanceof RegExp);
      assert.ok(entry.defaultTimeoutMs === undefined || entry.defaultTimeoutMs === null || entry.defaultTimeoutMs > 0, String(entry.module));
      for (const option of entry.timeoutOptions) assert.match(option, /^[a-zA-Z][\w.]*$/);
    }
  });

  it('finds entries by module, families by pattern', () => {
    assert.equal(sdkEntryFor('@aws-sdk/client-s3')?.shape, 'command');
    assert.equal(sdkEntryFor('stripe')?.defaultTimeoutMs, 80_000);
    assert.equal(sdkEntryFor('@slack/web-api')?.defaultTimeoutMs, null);
    assert.equal(sdkEntryFor('left-pad'), undefined);
  });
});

describe('sdkCall', () => {
  it('AWS SDK v3 commands, with writes told from the command name', () => {
    const found = calls(`
      import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
      const s3 = new S3Client({ region: 'eu-west-1' });
      export const read = (Key: string) => s3.send(new GetObjectCommand({ Bucket: 'b', Key }));
      export const write = (Key: string) => s3.send(new PutObjectCommand({ Bucket: 'b', Key, Body: 'x' }));
    `).map(sdkCall).filter((call) => call !== undefined);
    assert.deepEqual(found.map((call) => [call.operation, call.writes]), [['GetObjectCommand', false], ['PutObjectCommand', true]]);
  });

  it('clients held in class fields and constructor assignments', () => {
    const found = calls(`
      import { Octokit } from '@octokit/rest';
      import { WebClient } from '@slack/web-api';
      export class Notifier {
        private slack = new WebClient(process.env.SLACK_TOKEN);
        private github: Octokit;
        constructor() { this.github = new Octokit({ auth: 'x' }); }
        async run() {
          await this.github.rest.repos.get({ owner: 'o', repo: 'r' });
          await this.github.rest.issues.create({ owner: 'o', repo: 'r', title: 't' });
          await this.slack.chat.postMessage({ channel: 'c', text: 't' });
        }
      }
    `).map(sdkCall).filter((call) => call !== undefined);
    assert.deepEqual(found.map((call) => [call.module, call.operation, call.writes]), [
      ['@octokit/rest', 'repos.get', false],
      ['@octokit/rest', 'issues.create', true],
      ['@slack/web-api', 'chat.postMessage', true],
    ]);
  });

  it('WorkOS: reads and writes told apart, URLs and sealed sessions built locally are not requests', () => {
    const found = calls(`
      import { WorkOS } from '@workos-inc/node';
      export class Directory {
        private readonly workos: WorkOS;
        constructor(key: string) { this.workos = new WorkOS(key); }
        async run(userId: string, membershipId: string, cookie: string) {
          await this.workos.userManagement.getUser(userId);
          await this.workos.userManagement.listOrganizationMemberships({ userId });
          await this.workos.userManagement.deactivateOrganizationMembership(membershipId);
          await this.workos.organizations.createOrganization({ name: 'Acme' });
          this.workos.userManagement.getAuthorizationUrl({ provider: 'authkit', clientId: 'c', redirectUri: 'r' });
          this.workos.userManagement.loadSealedSession({ sessionData: cookie, cookiePassword: 'p' });
        }
      }
    `).map((call) => sdkCall(call)).filter((call) => call !== undefined);
    assert.deepEqual(found.map((call) => [call.module, call.operation, call.writes]), [
      ['@workos-inc/node', 'userManagement.getUser', false],
      ['@workos-inc/node', 'userManagement.listOrganizationMemberships', false],
      ['@workos-inc/node', 'userManagement.deactivateOrganizationMembership', true],
      ['@workos-inc/node', 'organizations.createOrganization', true],
    ]);
  });

  it('ignores look-alikes that are not SDK clients', () => {
    const found = calls(`
      class S3Client { send(x: unknown) { return x; } }
      const s3 = new S3Client();
      s3.send({});
      const map = new Map(); map.set('a', 1);
    `).map(sdkCall).filter((call) => call !== undefined);
    assert.deepEqual(found, []);
  });
});

describe('sdkRequestSites', () => {
  it('lists SDK calls as request sites with `sdk` set, apart from requestSites', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-sites-'));
    try {
      const file = path.join(dir, 'notify.ts');
      fs.writeFileSync(file, `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';\nconst sns = new SNSClient({});\nexport const notify = (m: string) => sns.send(new PublishCommand({ Message: m }));\n`);
      const analysis = new ProjectHost().getFile(file);
      assert.ok(analysis);
      const sites = sdkRequestSites(analysis);
      assert.deepEqual(sites.map((site) => [site.label, site.sdk?.operation, site.sdk?.writes, site.sdk?.entry.defaultTimeoutMs]), [['sns.send(PublishCommand)', 'PublishCommand', true, null]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
