// default-pool/nodeAgentSockets: a kept-alive agent gets a finite maxSockets.
import * as https from 'node:https';

export const agent = new https.Agent({ maxSockets: 8, keepAlive: true, timeout: 3_000 }); // expect: default-pool
