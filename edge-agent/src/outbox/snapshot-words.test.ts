import { describe, expect, it } from 'vitest';
import { snapshotWords } from './violation-intake.js';

const box = { x1: 0.1, y1: 0.1, x2: 0.2, y2: 0.2 };

describe('snapshotWords', () => {
  it('labels objects and names the zone in Vietnamese by default words', () => {
    const words = snapshotWords('vi', { boxes: [box, box], classes: ['car', 'motorcycle'], scores: [0.876, 0.5], zoneId: 'no-parking-gate', zoneName: 'Cổng chợ' });
    expect(words.boxes.map((b) => b.label)).toEqual(['ô tô 88%', 'xe máy 50%']);
    expect(words.zoneLine).toBe('Vùng: Cổng chợ');
  });

  it('speaks English for an English site, and falls back to the zone id and the detector class', () => {
    const words = snapshotWords('en', { boxes: [box], classes: ['kite'], scores: [], zoneId: 'zone-1' });
    expect(words.boxes.map((b) => b.label)).toEqual(['kite']);
    expect(words.zoneLine).toBe('Zone: zone-1');
  });
});
