// keepalive-mismatch/nodeNoTimeout: a kept-alive agent gets an idle timeout.
import * as https from 'node:https';

export const agent = new https.Agent({ keepAlive: true, maxSockets: 8 }); // expect: keepalive-mismatch
