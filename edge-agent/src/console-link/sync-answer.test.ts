import { describe, expect, it } from 'vitest';
import { claimedVersion, parseManagedConfig, parseSyncAnswer } from './sync-answer.js';

const goodCamera = { id: 'cam-01', name: 'Cổng', detect: { url: 'rtsp://10.0.0.21/sub', fps: 5 } };

describe('sync answers', () => {
  it('keeps the probes of an answer whose config has mistakes, and names every mistake by path', () => {
    const body = {
      latestVersion: 4,
      probes: [{ id: 'p1', url: 'rtsp://admin:pw@10.0.0.9/sub' }],
      config: {
        version: 4,
        agent: { id: 'agent-1', ward: 'hoan-kiem' },
        cameras: [{ ...goodCamera, detect: { url: 'rtsp://10.0.0.21/sub', fps: 0 }, zones: [{ id: 'gate', polygon: [[0.1, 0.1], [0.5, 0.5]], rules: [{ type: 'illegal_parking' }] }] }],
      },
    };
    const answer = parseSyncAnswer(body);
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    expect(answer.value.probes).toEqual([{ id: 'p1', url: 'rtsp://admin:pw@10.0.0.9/sub', transport: 'tcp' }]);
    const config = parseManagedConfig(answer.value.config);
    expect(config.ok).toBe(false);
    if (config.ok) return;
    expect(config.errors).toEqual([
      'config.cameras[0].detect.fps: must be greater than 0',
      'config.cameras[0].zones[0].polygon: a polygon needs at least 3 points',
    ]);
    expect(claimedVersion(answer.value.config)).toBe(4);
  });

  it.each([
    ['no probes list', { latestVersion: 0 }, /probes/],
    ['a negative version', { latestVersion: -1, probes: [] }, /latestVersion/],
    ['an unknown field', { latestVersion: 0, probes: [], extra: 1 }, /extra: unknown key/],
  ])('refuses an envelope with %s', (_name, body, problem) => {
    const answer = parseSyncAnswer(body);
    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.errors.join('\n')).toMatch(problem);
  });

  it('says what is wrong with a config that is not an object at all', () => {
    const config = parseManagedConfig('v5');
    expect(config.ok ? [] : config.errors).toEqual([expect.stringMatching(/^config: /)]);
    expect(claimedVersion('v5')).toBeUndefined();
  });
});
