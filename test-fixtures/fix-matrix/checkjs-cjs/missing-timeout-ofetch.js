// @ts-check
// missing-timeout/ofetch: ofetch gets a timeout.
const { ofetch } = require('ofetch');

/** @param {string} id */
async function getUser(id) {
  return ofetch(`https://api.example.com/users/${id}`); // expect: missing-timeout
}

module.exports = { getUser };
