// keepalive-mismatch/nodeIdle: the idle timeout drops below the server's.
import * as https from 'node:https';

export const agent = new https.Agent({ keepAlive: true, maxSockets: 8, timeout: 60_000 }); // expect: keepalive-mismatch
