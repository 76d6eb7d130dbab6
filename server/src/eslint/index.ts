/**
 * The entry point of eslint-plugin-http-resilience (bundled to packages/eslint-plugin/dist/index.js):
 * `module.exports` is the plugin itself, so `import httpResilience from 'eslint-plugin-http-resilience'`
 * (ESM) and `require('eslint-plugin-http-resilience')` (CommonJS) both get it.
 */
import { plugin } from './plugin';

export = plugin;
