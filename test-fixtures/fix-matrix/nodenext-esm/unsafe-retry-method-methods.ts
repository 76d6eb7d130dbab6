// unsafe-retry-method/methods: POST leaves the methods undici's RetryAgent retries.
import { Agent, RetryAgent } from 'undici';

export const dispatcher = new RetryAgent(new Agent({ connections: 8 }), { methods: ['GET', 'PUT', 'POST'] }); // expect: unsafe-retry-method
