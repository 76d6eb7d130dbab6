// @ts-check
// keepalive-mismatch/pipelining: one request per connection.
const { Pool } = require('undici');

const pool = new Pool('https://api.example.com', { connections: 4, pipelining: 8 }); // expect: keepalive-mismatch

module.exports = { pool };
