// default-pool/nodeAgentKeepAlive: the agent keeps connections alive, with an idle timeout below the server's.
import * as https from 'node:https';

export const agent = new https.Agent({ maxSockets: 16 }); // expect: default-pool
