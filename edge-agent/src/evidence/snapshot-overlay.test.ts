import { describe, expect, it } from 'vitest';
import { formatOfficerTime, isoWithOffset } from './local-time.js';
import { escapeXml, overlaySvg } from './snapshot-overlay.js';

describe('officer times', () => {
  it.each([
    { utc: '2025-03-09T07:05:07.000Z', officer: '14:05 09/03/2025', iso: '2025-03-09T14:05:07.000+07:00' },
    { utc: '2024-12-31T17:30:00.000Z', officer: '00:30 01/01/2025', iso: '2025-01-01T00:30:00.000+07:00' },
  ])('$utc reads $officer in Hanoi', ({ utc, officer, iso }) => {
    const ms = Date.parse(utc);
    expect(formatOfficerTime(ms)).toBe(officer);
    expect(isoWithOffset(ms)).toBe(iso);
    expect(Date.parse(isoWithOffset(ms))).toBe(ms);
  });

  it('keeps UTC as Z', () => {
    expect(isoWithOffset(Date.parse('2025-03-09T07:05:07.250Z'), 'UTC')).toBe('2025-03-09T07:05:07.250Z');
  });
});

describe('overlaySvg', () => {
  const svg = overlaySvg({
    width: 1920,
    height: 1080,
    zone: [[0.1, 0.5], [0.9, 0.5], [0.9, 1]],
    boxes: [{ box: { x1: 0.25, y1: 0.5, x2: 0.5, y2: 0.75 }, label: 'car 0.83' }],
    caption: ['14:05 09/03/2025', 'Ngõ <12> & "Hàng Bông"'],
  });

  it('draws the zone and each box in pixels of the picture', () => {
    expect(svg).toContain('<polygon points="192,540 1728,540 1728,1080"');
    expect(svg).toContain('<rect x="480" y="540" width="480" height="270"');
    expect(svg).toContain('>car 0.83</text>');
  });

  it('escapes text from config so it cannot break the SVG', () => {
    expect(svg).toContain('Ngõ &lt;12&gt; &amp; &quot;Hàng Bông&quot;');
    expect(escapeXml(`a'b`)).toBe('a&apos;b');
  });

  it('puts a label that would leave the top of the picture inside the box instead', () => {
    const top = overlaySvg({ width: 100, height: 100, zone: [], boxes: [{ box: { x1: 0.1, y1: 0, x2: 0.5, y2: 0.5 }, label: 'x' }], caption: [] });
    expect(top).toMatch(/<rect x="10" y="50" /);
  });
});
