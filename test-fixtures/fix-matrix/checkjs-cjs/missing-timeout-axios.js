// @ts-check
// missing-timeout/axios: axios gets a timeout.
const axios = require('axios');

/** @param {string} id */
async function getUser(id) {
  const res = await axios.get(`https://api.example.com/users/${id}`); // expect: missing-timeout
  return res.data;
}

module.exports = { getUser };
