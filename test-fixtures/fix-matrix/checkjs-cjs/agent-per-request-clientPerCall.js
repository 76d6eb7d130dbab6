// @ts-check
// agent-per-request/clientPerCall: the axios instance is created once, at module scope.
const axios = require('axios');

/** @param {string} id */
async function getUser(id) {
  const client = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 }); // expect: agent-per-request
  const res = await client.get(`/users/${id}`);
  return res.data;
}

module.exports = { getUser };
