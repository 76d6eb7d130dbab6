// wrong-pool-option/nodeAgentIgnored: Node's name for the bound.
import * as https from 'node:https';

export const agent = new https.Agent({ keepAlive: true, connections: 8, timeout: 3_000 }); // expect: wrong-pool-option
