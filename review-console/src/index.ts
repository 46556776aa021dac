export * from './api/api-types.js';
export { createApp, type AppDeps } from './http/app.js';
export { createServices, type ConsoleServices, type ServiceDeps } from './services/console-services.js';
export { openDatabase, migrateToLatest, type OpenDatabase } from './db/database.js';
export { LocalMediaStore } from './media/local-media-store.js';
export { S3MediaStore, type S3MediaLocation } from './media/s3-media-store.js';
export { startConsoleWorker, type ConsoleWorker } from './worker/console-worker.js';
export { createRegistry } from './metrics/console-metrics.js';
export { seedDemo, DEMO_USERS, DEMO_WARDS } from './seed/demo-seed.js';
