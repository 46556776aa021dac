import { describe, expect, it } from 'vitest';
import { ConfigError, parseAgentConfig, parseAgentFile } from './load-config.js';

const base = `
agent: { id: agent-dvh-01, ward: dich-vong-hau }
cameras:
  - id: cam-01
    name: "Cổng UBND"
    detect: { url: "rtsp://user:s3cret@10.0.0.21:554/sub", fps: 5 }
    zones:
      - id: no-parking-gate
        polygon: [[0.10, 0.55], [0.60, 0.55], [0.60, 0.95], [0.10, 0.95]]
        rules:
          - { type: illegal_parking, graceSeconds: 60 }
`;

function problems(text: string): string[] {
  try {
    parseAgentConfig(text, 'agent.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('agent config', () => {
  it('fills documented defaults', () => {
    const config = parseAgentConfig(base, 'agent.yaml');
    const camera = config.cameras[0]!;
    expect(config.agent.httpPort).toBe(9464);
    expect(config.agent.httpHost).toBe('127.0.0.1');
    expect(camera.detect.transport).toBe('tcp');
    expect(camera.watchdog.noFrameSeconds).toBe(20);
    expect(camera.motion.enabled).toBe(true);
    expect(camera.zones[0]!.anchor).toBe('bottom-center');
    expect(camera.zones[0]!.rules[0]).toEqual({ type: 'illegal_parking', graceSeconds: 60, classes: ['car', 'motorcycle', 'bus', 'truck'] });
  });

  // One mistake per row; the message must carry its path.
  const cases: [string, string, string, RegExp][] = [
    ['a two-point polygon', '[[0.10, 0.55], [0.60, 0.55], [0.60, 0.95], [0.10, 0.95]]', '[[0.1, 0.5], [0.6, 0.5]]', /^cameras\[0\]\.zones\[0\]\.polygon: a polygon needs at least 3 points$/],
    ['a point outside the frame', '[0.60, 0.95]', '[1.60, 0.95]', /^cameras\[0\]\.zones\[0\]\.polygon\[2\]\[0\]: must be inside the frame/],
    ['fps of zero', 'fps: 5', 'fps: 0', /^cameras\[0\]\.detect\.fps: must be greater than 0$/],
    ['fps of 60', 'fps: 5', 'fps: 60', /^cameras\[0\]\.detect\.fps: must be at most 30$/],
    ['a typo in a key', 'graceSeconds: 60', 'gracSeconds: 60', /^cameras\[0\]\.zones\[0\]\.rules\[0\]\.gracSeconds: unknown key$/],
    ['an unknown rule type', 'type: illegal_parking', 'type: jaywalking', /^cameras\[0\]\.zones\[0\]\.rules\[0\]\.type: must be one of illegal_parking, sidewalk_encroachment, littering$/],
    ['a bad ward id', 'ward: dich-vong-hau', 'ward: "Dịch Vọng Hậu"', /^agent\.ward: must be 1-64 lowercase/],
    ['a zone without rules', '        rules:\n          - { type: illegal_parking, graceSeconds: 60 }', '        rules: []', /^cameras\[0\]\.zones\[0\]\.rules: a zone needs at least one rule$/],
  ];

  it.each(cases)('rejects %s with its path', (_name, from, to, expected) => {
    expect(base.includes(from)).toBe(true);
    const found = problems(base.replace(from, to));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(expected);
  });

  it('reports duplicate camera and zone ids', () => {
    const twoCameras = base + base.split('cameras:\n')[1]!;
    expect(problems(twoCameras)).toEqual([expect.stringMatching(/^cameras\[1\]\.id: duplicate id "cam-01"/)]);
  });

  it('lists every mistake at once', () => {
    const broken = base.replace('fps: 5', 'fps: 0').replace('graceSeconds: 60', 'gracSeconds: 60').replace('[0.60, 0.95]', '[1.60, 0.95]');
    expect(problems(broken)).toHaveLength(3);
  });

  it('reports YAML syntax errors with a line number', () => {
    expect(problems('agent: { id: a\ncameras: [')[0]).toMatch(/^line \d+, column \d+: /);
  });

  it('never prints the camera password back', () => {
    const found = problems(base.replace('fps: 5', 'fps: 0').replace('rtsp://', 'rtspx://'));
    expect(found.join('\n')).not.toContain('s3cret');
    expect(found.join('\n')).toContain('cameras[0].detect.url');
  });

  it('takes secrets and endpoints from the environment', () => {
    const config = parseAgentConfig(`${base}\nconsole: { url: "http://127.0.0.1:8080" }\n`, 'agent.yaml', {
      REDIS_URL: 'redis://127.0.0.1:6390',
      WARDWATCH_AGENT_TOKEN: 'tok-123',
    });
    expect(config.redis?.url).toBe('redis://127.0.0.1:6390');
    expect(config.console?.token).toBe('tok-123');
  });
});

describe('agent file kinds', () => {
  it('a file with cameras is the whole config', () => {
    const file = parseAgentFile(base, 'agent.yaml');
    expect(file.kind).toBe('cameras');
    expect(file.kind === 'cameras' && file.config.cameras).toHaveLength(1);
  });

  it('a file without cameras holds the agent\'s own settings beside a managing console', () => {
    const file = parseAgentFile('agent: { httpPort: 9500, dataDir: /var/lib/ww }\ndetector: { workers: 1 }\nconsole: { url: "https://console.ward.vn", syncSeconds: 5 }\n', 'agent.yaml');
    expect(file.kind).toBe('settings');
    if (file.kind !== 'settings') return;
    expect(file.settings.agent).toMatchObject({ httpPort: 9500, dataDir: '/var/lib/ww', httpHost: '127.0.0.1' });
    expect(file.settings.agent.id).toBeUndefined();
    expect(file.settings.console).toEqual({ url: 'https://console.ward.vn', syncSeconds: 5, fileInputs: [] });
    expect(parseAgentFile('', 'empty.yaml')).toMatchObject({ kind: 'settings', settings: { agent: { dataDir: './data/agent' } } });
  });

  it('an empty camera list is a mistake, not a managed agent', () => {
    expect(() => parseAgentFile(`agent: { id: a, ward: b }\ncameras: []\n`, 'agent.yaml')).toThrow(/cameras: at least one camera is needed/);
  });

  it('a settings file refuses what only the console may set, naming it', () => {
    expect(() => parseAgentFile('redis: { url: "redis://x" }\nagent: { httpPort: 70000 }\n', 'agent.yaml')).toThrow(/agent\.httpPort: [\s\S]*redis: unknown key/);
  });
});
