/** The URLs the probe command offers: http(s) only, userinfo and fragments removed, the server parser's messages. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanUrl, inputProblem, urlProblem, urlsInText } from '../src/probe/urls';

describe('probe command URLs', () => {
  it('keeps origin and path, drops userinfo and fragments, refuses other schemes', () => {
    assert.equal(cleanUrl('https://user:secret@api.example.com:8443/v1/items?page=2#top'), 'https://api.example.com:8443/v1/items?page=2');
    assert.equal(cleanUrl('ftp://files.example.com/'), undefined);
    assert.equal(cleanUrl('not a url'), undefined);
  });

  it('ends a template literal URL at its first substitution', () => {
    assert.equal(cleanUrl('https://api.example.com/users/${id}'), 'https://api.example.com/users/');
  });

  it('lists the distinct URLs of a file, without credentials', () => {
    const text = "const a = 'https://api.example.com/a';\nconst b = `https://u:p@api.example.com/a`;\nfetch(\"http://127.0.0.1:8080/health\");\n";
    assert.deepEqual(urlsInText(text), ['https://api.example.com/a', 'http://127.0.0.1:8080/health']);
  });

  it('says why input cannot be probed, never echoing a password', () => {
    assert.equal(urlProblem('https://api.example.com/'), undefined);
    const problem = urlProblem('https://user:hunter2@');
    assert.ok(problem && !problem.includes('hunter2'), problem);
    assert.match(urlProblem('mailto:a@example.com') ?? '', /only http and https/);
  });

  it('shows no validation error in the input box before anything is typed', () => {
    assert.equal(inputProblem(''), undefined);
    assert.equal(inputProblem('   '), undefined);
    assert.match(urlProblem('') ?? '', /./, 'the parser itself refuses the empty string');
    assert.match(inputProblem('ftp://files.example.com/') ?? '', /only http and https/);
    assert.equal(inputProblem(' https://api.example.com/health '), undefined);
  });
});
