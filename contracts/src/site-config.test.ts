import { describe, expect, it } from 'vitest';
import { managedVersionLabel, managedVersionOf, managedConfig } from './agent-api.js';
import { formatIssues } from './issues.js';
import { ZONE_MESSAGES, cameraSchema, polygonSchema, zoneSchema } from './site-config.js';

function problems(polygon: unknown): string[] {
  const result = polygonSchema.safeParse(polygon);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('zone outlines', () => {
  it('accepts a plain quadrilateral and a concave outline', () => {
    expect(problems([[0.1, 0.5], [0.6, 0.5], [0.6, 0.95], [0.1, 0.95]])).toEqual([]);
    expect(problems([[0, 0], [1, 0], [0.5, 0.2], [1, 1], [0, 1]])).toEqual([]);
  });

  it('refuses fewer than 3 points, points outside the frame, a line and a bow tie, each in its own words', () => {
    expect(problems([[0.1, 0.1], [0.2, 0.2]])).toEqual([ZONE_MESSAGES.tooFewPoints]);
    expect(problems([[0.1, 0.1], [1.2, 0.2], [0.5, -0.1]])).toEqual([ZONE_MESSAGES.outsideFrame, ZONE_MESSAGES.outsideFrame]);
    expect(problems([[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]])).toEqual([ZONE_MESSAGES.noArea]);
    expect(problems([[0.1, 0.1], [0.9, 0.9], [0.9, 0.1], [0.1, 0.9]])).toEqual([ZONE_MESSAGES.selfIntersecting]);
  });

  it('names the point that is outside the frame', () => {
    const result = zoneSchema.safeParse({ id: 'z', polygon: [[0.1, 0.1], [0.5, 1.5], [0.9, 0.1]], rules: [{ type: 'littering' }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(formatIssues(result.error)).toEqual([`polygon[1][1]: ${ZONE_MESSAGES.outsideFrame}`]);
  });
});

describe('managed config versions', () => {
  it('labels version N as vN and reads it back; a content hash is not a managed version', () => {
    expect(managedVersionLabel(7)).toBe('v7');
    expect(managedVersionOf('v7')).toBe(7);
    expect(managedVersionOf('3fa9c2e01b7d')).toBeUndefined();
    expect(managedVersionOf(undefined)).toBeUndefined();
  });

  it('validates the cameras of a managed config with the site schema', () => {
    const result = managedConfig.safeParse({ version: 1, agent: { id: 'a1', ward: 'w1' }, cameras: [{ id: 'c1', name: 'C', detect: { url: 'rtsp://h/s', fps: 5 }, zones: [{ id: 'z', polygon: [[0, 0], [1, 0]], rules: [{ type: 'littering' }] }] }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(formatIssues(result.error)).toEqual([`cameras[0].zones[0].polygon: ${ZONE_MESSAGES.tooFewPoints}`]);
  });
});

describe('camera stream addresses', () => {
  const accepts = (url: string): boolean => cameraSchema.safeParse({ id: 'c', name: 'C', detect: { url, fps: 5 } }).success;

  it('accepts camera URLs and plain file paths', () => {
    for (const url of ['rtsp://admin:pw@10.0.0.5/sub', 'rtsps://cam/x', 'http://cam/mjpeg', 'file:///srv/demo.mp4', '/srv/demo.mp4', 'demo/clip.mp4']) expect(accepts(url), url).toBe(true);
  });

  it("refuses ffmpeg's special inputs and unknown schemes, with or without //", () => {
    for (const url of ['concat:/a.mp4|/b.mp4', 'subfile:,start,0,end,0,:/etc/passwd', 'pipe:0', 'unix:/tmp/s', 'gopher://x/y', 'data:video/mp4;base64,AAAA']) expect(accepts(url), url).toBe(false);
  });
});
