// The dispatchers, built with npm undici (7, the copy this repository installs).
import { Agent, ProxyAgent, interceptors } from 'undici';

export const agent = new Agent({ connections: 16 });
export const proxy = new ProxyAgent('http://proxy.internal:3128');
export const retrying = new Agent({ connections: 16 }).compose(interceptors.retry());
