// @ts-check
// missing-timeout/undici: undici's request gets a signal.
const { request } = require('undici');

/** @param {string} id */
async function getUser(id) {
  const { body } = await request(`https://api.example.com/users/${id}`); // expect: missing-timeout
  return body.json();
}

module.exports = { getUser };
