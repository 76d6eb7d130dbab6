// @ts-check
// agent-per-request/clientPerCall: the axios instance is created once, at module scope.
const axios = require('axios');

const client = axios.create({ baseURL: 'https://api.example.com', timeout: 5_000 });

/** @param {string} id */
async function getUser(id) {
  const res = await client.get(`/users/${id}`);
  return res.data;
}

module.exports = { getUser };
