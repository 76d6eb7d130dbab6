// @ts-check
// missing-timeout/fetch: a signal, inline or on a line of its own in a multi-line object.

/** @param {string} id */
async function getUser(id) {
  const res = await fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(10_000) }); // expect: missing-timeout
  return res.json();
}

/** @param {{ name: string }} user */
async function createUser(user) {
  const res = await fetch('https://api.example.com/users', { // expect: missing-timeout
    signal: AbortSignal.timeout(10_000),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  return res.json();
}

module.exports = { getUser, createUser };
