export * from './frame.js';
export * from '../core/backoff.js';
export * from './clock.js';
export * from './letterbox.js';
export * from './frame-channel.js';
export * from './segment-cache.js';
export * from './camera-ingest.js';
export * from './create-frame-source.js';
