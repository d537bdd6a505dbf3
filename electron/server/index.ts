export { startServer, type RunningServer } from './server.js';
export { checkServerOptions, ServerConfigError, DEFAULT_HOST, DEFAULT_PORT, type ServerOptions } from './options.js';
export { contentSecurityPolicy } from './csp.js';
