/**
 * SDK clients built and returned by project functions (analysis/sdk-client-origins.ts), on the fixture project
 * test-fixtures/unbounded-concurrency/sdk-factories.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ProjectHost } from '../src/analysis/project/project-host';
import { sdkCall } from '../src/analysis/sdk-clients';
import { sdkCallAcrossFiles } from '../src/analysis/sdk-client-origins';
import { largeCollectionEvidence } from '../src/analysis/large-collections';
import { ts } from '../src/analysis/ts';
import { fixturesRoot } from './support/fixture-expectations';

const folder = path.join(fixturesRoot, 'unbounded-concurrency', 'sdk-factories');
const host = new ProjectHost();

function callsNamed(file: string, callee: string) {
  const analysis = host.getFile(path.join(folder, file));
  assert.ok(analysis, file);
  return { analysis, calls: analysis.calls.filter((call) => call.expression.getText() === callee) };
}

describe('sdkCallAcrossFiles', () => {
  it("follows `await azure.coreApi()` into the other file, through the SDK's handle method, to `new devops.WebApi(…)`", () => {
    const { analysis, calls } = callsNamed('reviewers.ts', 'core.getTeamMembersWithExtendedProperties');
    assert.equal(calls.length, 1);
    // The file alone cannot see where `core` comes from.
    assert.equal(sdkCall(calls[0]), undefined);
    const sdk = sdkCallAcrossFiles(calls[0], analysis);
    assert.equal(sdk?.module, 'azure-devops-node-api');
    assert.equal(sdk?.operation, 'getTeamMembersWithExtendedProperties');
    assert.equal(sdk?.writes, false);
  });

  it('a list a project function grows page by page in a loop that awaits each page is evidence of a large collection', () => {
    const { analysis, calls } = callsNamed('reviewers.ts', 'teams.map');
    const teams = (calls[0].expression as ts.PropertyAccessExpression).expression;
    assert.equal(largeCollectionEvidence(teams, analysis), 'every page `azure.allTeams()` collects');
    // Without the project to follow, the call says nothing.
    assert.equal(largeCollectionEvidence(teams), undefined);
    const clean = callsNamed('reviewers-clean.ts', 'teams.map');
    const page = (clean.calls[0].expression as ts.PropertyAccessExpression).expression;
    assert.equal(largeCollectionEvidence(page, clean.analysis), undefined);
  });

  it('what a project function returns is no client when it is not built from a catalogued SDK', () => {
    const { analysis, calls } = callsNamed('reviewers-clean.ts', 'cache.get');
    assert.equal(calls.length, 1);
    assert.equal(sdkCallAcrossFiles(calls[0], analysis), undefined);
  });
});
