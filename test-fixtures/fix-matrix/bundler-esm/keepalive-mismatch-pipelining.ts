// keepalive-mismatch/pipelining: one request per connection.
import { Pool } from 'undici';

export const pool = new Pool('https://api.example.com', { connections: 4, pipelining: 8 }); // expect: keepalive-mismatch
