export * from './agent-config.schema.js';
export * from './load-config.js';
export * from './redact.js';
