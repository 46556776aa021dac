export * from './free-port.js';
export * from './redis-server.js';
export * from './paths.js';
export * from './scenes/scene-spec.js';
export * from './scenes/compose-scene.js';
export * from './scenes/standard-scenes.js';
export * from './camera-sim/camera-simulator.js';
