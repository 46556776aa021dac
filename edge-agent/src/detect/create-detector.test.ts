import { describe, expect, it } from 'vitest';
import { poolCamera, workerCount } from './create-detector.js';

const motion = { enabled: true, threshold: 0.002, forceDetectSeconds: 2 };
const zone = (polygon: [number, number][]) => ({ id: 'z', polygon, anchor: 'bottom-center' as const, minBoxArea: 0, rules: [] });

describe('poolCamera', () => {
  it('gives the crop ingest must apply when the camera crops to its zones', () => {
    const camera = { motion, crop: 'zones' as const, zones: [zone([[0.6, 0.6], [0.8, 0.6], [0.8, 0.9]])] };
    const result = poolCamera(camera, { width: 1920, height: 1080, modelSize: 416 });
    expect(result.crop).toBeDefined();
    expect(result.pixelCrop!.width).toBeGreaterThanOrEqual(416);
    expect(result.crop!.x).toBeGreaterThan(0.5);
  });

  it('leaves the whole frame when crop is none', () => {
    expect(poolCamera({ motion, crop: 'none', zones: [] }, { width: 1920, height: 1080, modelSize: 416 })).toEqual({ motion });
  });
});

describe('workerCount', () => {
  it('is one per core for auto, else the configured number', () => {
    expect(workerCount({ workers: 3, intraOpThreads: 1 })).toBe(3);
    expect(workerCount({ workers: 'auto', intraOpThreads: 1 })).toBeGreaterThanOrEqual(1);
  });
});
