export * from './common.js';
export * from './box.js';
export * from './media.js';
export * from './violation-job.js';
export * from './agent-heartbeat.js';
export * from './issues.js';
export * from './uuid-v7.js';
export * from './json-schema.js';
