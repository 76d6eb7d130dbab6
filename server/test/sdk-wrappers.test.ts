/**
 * Project functions that send through SDK clients (analysis/sdk-wrappers.ts), limiter-named wrappers that run their
 * callback at once (analysis/limiters.ts), and the evidence a helper's returned rows give, on the fixture project
 * test-fixtures/unbounded-concurrency/sdk-methods.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ProjectHost } from '../src/analysis/project/project-host';
import { sdkWrapperRequest } from '../src/analysis/sdk-wrappers';
import { sdkCallAcrossFiles } from '../src/analysis/sdk-client-origins';
import { limiterOfCall } from '../src/analysis/limiters';
import { largeCollectionEvidence } from '../src/analysis/large-collections';
import { ts } from '../src/analysis/ts';
import { fixturesRoot } from './support/fixture-expectations';

const folder = path.join(fixturesRoot, 'unbounded-concurrency', 'sdk-methods');
const host = new ProjectHost();

function callsNamed(file: string, callee: string) {
  const analysis = host.getFile(path.join(folder, file));
  assert.ok(analysis, file);
  return { analysis, calls: analysis.calls.filter((call) => call.expression.getText() === callee) };
}

describe('sdkWrapperRequest', () => {
  it('a method whose SDK call sits in a callback handed to its class wrapper sends that request', () => {
    const { analysis, calls } = callsNamed('mailbox-provider.ts', 'this.getThread');
    const site = sdkWrapperRequest(calls[0], analysis);
    assert.equal(site?.label, 'this.getThread()');
    assert.equal(site?.wrapper?.summary.name, 'getThread');
    assert.equal(site?.wrapper?.summary.example?.label, 'this.client.users.threads.get');
  });

  it('follows a method into a function of another file that sends', () => {
    const { analysis, calls } = callsNamed('mailbox-provider.ts', 'this.getMessage');
    assert.equal(sdkWrapperRequest(calls[0], analysis)?.wrapper?.summary.example?.label, 'gmail.users.messages.get');
  });

  it('a method that sends nothing, and one whose request waits for a token first, are no SDK wrappers', () => {
    const { analysis, calls } = callsNamed('mailbox-provider-clean.ts', 'this.summarize');
    assert.equal(sdkWrapperRequest(calls[0], analysis), undefined);
    const limited = callsNamed('mailbox-provider-clean.ts', 'this.getThread');
    assert.equal(sdkWrapperRequest(limited.calls[0], limited.analysis), undefined);
  });
});

describe('limiter-named project functions', () => {
  it('a wrapper named like a limiter that hands the callback to one that runs it at once limits nothing', () => {
    const { analysis, calls } = callsNamed('mailbox-provider.ts', 'this.withRateLimitTracking');
    assert.ok(calls.length > 0);
    for (const call of calls) assert.equal(limiterOfCall(call, analysis), undefined);
  });

  it('one that awaits something before running the callback is still trusted as a limiter', () => {
    const { analysis, calls } = callsNamed('mailbox-provider-clean.ts', 'this.withRateLimit');
    assert.equal(limiterOfCall(calls[0], analysis)?.bound, 'unknown');
  });
});

describe('SDK clients and rows behind project helpers', () => {
  it("`mailbox.getClient()` is the Graph client the interface's declared return type names", () => {
    const { analysis, calls } = callsNamed('graph-folders.ts', "mailbox.getClient().api(`/me/mailFolders/${folder.id}/childFolders`).get");
    assert.equal(sdkCallAcrossFiles(calls[0], analysis)?.module, '@microsoft/microsoft-graph-client');
  });

  it("the rows a helper returns of a wrapper's callback are evidence; a cap within a page is not", () => {
    const { analysis } = callsNamed('graph-folders.ts', '');
    const loops = analysis.loops.filter(ts.isForOfStatement);
    assert.equal(largeCollectionEvidence(loops[0].expression, analysis), 'up to 500 rows, `.top(500)`');
    assert.equal(largeCollectionEvidence(loops[0].expression), undefined);
    const favourites = callsNamed('graph-folders.ts', 'folders.map');
    const collection = (favourites.calls[0].expression as ts.PropertyAccessExpression).expression;
    assert.equal(largeCollectionEvidence(collection, favourites.analysis), undefined);
  });
});
