/* The analysis stage's public surface: the running cameras' CameraPipeline and `edge-agent analyze` use it. */
export { AnalysisPipeline, type AnalysisPipelineOptions, type CameraProgress, type EventContext } from './analysis-pipeline.js';
