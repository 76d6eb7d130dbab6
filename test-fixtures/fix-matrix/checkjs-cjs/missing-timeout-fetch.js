// @ts-check
// missing-timeout/fetch: a signal, inline or on a line of its own in a multi-line object.

/** @param {string} id */
async function getUser(id) {
  const res = await fetch(`https://api.example.com/users/${id}`); // expect: missing-timeout
  return res.json();
}

/** @param {{ name: string }} user */
async function createUser(user) {
  const res = await fetch('https://api.example.com/users', { // expect: missing-timeout
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  return res.json();
}

module.exports = { getUser, createUser };
