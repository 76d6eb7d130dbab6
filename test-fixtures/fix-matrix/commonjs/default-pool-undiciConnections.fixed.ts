// default-pool/undiciConnections: the pool gets a bound, on a line of its own in a multi-line object.
import { Agent } from 'undici';

export const dispatcher = new Agent({ // expect: default-pool
  connections: 8,
  keepAliveTimeout: 3_000,
  headersTimeout: 10_000,
});
