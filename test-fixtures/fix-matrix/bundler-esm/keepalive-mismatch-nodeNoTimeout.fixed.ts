// keepalive-mismatch/nodeNoTimeout: a kept-alive agent gets an idle timeout.
import * as https from 'node:https';

export const agent = new https.Agent({ timeout: 3_000, keepAlive: true, maxSockets: 8 }); // expect: keepalive-mismatch
