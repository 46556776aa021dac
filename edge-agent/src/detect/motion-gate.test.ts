import { describe, expect, it } from 'vitest';
import { MotionGate, type GateFrame } from './motion-gate.js';

const size = 64;
const letterbox = { srcWidth: 640, srcHeight: 360, scale: 0.1, contentWidth: 64, contentHeight: 36 };

/** A grey frame with an optional bright square, like a car on asphalt. */
function frame(timestampMs: number, square?: { x: number; y: number; side: number }, base = 100): GateFrame {
  const data = new Uint8Array(size * size * 3).fill(base);
  if (square) {
    for (let y = square.y; y < square.y + square.side; y++) for (let x = square.x; x < square.x + square.side; x++) data.fill(220, (y * size + x) * 3, (y * size + x) * 3 + 3);
  }
  // The padding below the content is constant grey 114, as ffmpeg pads.
  for (let y = letterbox.contentHeight; y < size; y++) data.fill(114, y * size * 3, (y + 1) * size * 3);
  return { width: size, height: size, data, letterbox, timestampMs };
}

const options = { enabled: true, threshold: 0.01, forceDetectSeconds: 2 };

describe('MotionGate', () => {
  it('detects the first frame, then skips an unchanged picture', () => {
    const gate = new MotionGate(options);
    expect(gate.check(frame(0)).reason).toBe('first');
    expect(gate.check(frame(200))).toMatchObject({ detect: false, reason: 'still', changedFraction: 0 });
  });

  it('runs the detector when an object appears', () => {
    const gate = new MotionGate(options);
    gate.check(frame(0));
    expect(gate.check(frame(200, { x: 10, y: 10, side: 8 }))).toMatchObject({ detect: true, reason: 'motion' });
  });

  it('ignores noise below the per-cell grey delta', () => {
    const gate = new MotionGate(options);
    gate.check(frame(0, undefined, 100));
    expect(gate.check(frame(200, undefined, 110)).detect).toBe(false);
  });

  it('forces a full detection every forceDetectSeconds on a still scene', () => {
    const gate = new MotionGate(options);
    const reasons = [0, 500, 1000, 1500, 2000, 2500, 4000].map((t) => gate.check(frame(t)).reason);
    expect(reasons).toEqual(['first', 'still', 'still', 'still', 'forced', 'still', 'forced']);
  });

  it('puts a camera\'s forced detections at its phase of the period, then every period', () => {
    const gate = new MotionGate({ ...options, phase: 0.75 });
    const reasons = [0, 250, 500, 1000, 2000, 2500, 4500].map((t) => gate.check(frame(t)).reason);
    expect(reasons).toEqual(['first', 'still', 'forced', 'still', 'still', 'forced', 'forced']);
    // Cameras started together with phases spread over the period force their detections apart.
    const firstForced = (phase: number): number | undefined => {
      const camera = new MotionGate({ ...options, phase });
      camera.check(frame(0));
      return [200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000].find((t) => camera.check(frame(t)).reason === 'forced');
    };
    expect([0, 0.25, 0.5, 0.75].map(firstForced)).toEqual([2000, 1600, 1000, 600]);
  });

  it('compares with the last detected frame, so slow creeping change adds up', () => {
    const gate = new MotionGate({ ...options, forceDetectSeconds: 60 });
    gate.check(frame(0, undefined, 100));
    // Each step is 12 grey levels (below the 20 delta), but two steps from the reference exceed it.
    expect(gate.check(frame(100, undefined, 112)).detect).toBe(false);
    expect(gate.check(frame(200, undefined, 124)).detect).toBe(true);
  });

  it('forces a detection when time goes backwards (a looped file)', () => {
    const gate = new MotionGate(options);
    gate.check(frame(5000));
    expect(gate.check(frame(100)).reason).toBe('forced');
  });

  it('passes every frame when disabled', () => {
    const gate = new MotionGate({ ...options, enabled: false });
    expect([0, 1, 2].map((t) => gate.check(frame(t)).detect)).toEqual([true, true, true]);
  });

  it('does not count changes inside the padding', () => {
    const gate = new MotionGate(options);
    gate.check(frame(0));
    const padded = frame(100);
    padded.data.fill(255, 50 * size * 3, 60 * size * 3);
    expect(gate.check(padded).detect).toBe(false);
  });
});

describe('MotionGate on planar frames', () => {
  /** The packed test frame above, laid out as ffmpeg's gbrp planes. */
  function planar(packed: GateFrame): GateFrame {
    const plane = size * size;
    const data = new Uint8Array(plane * 3);
    for (let p = 0; p < plane; p++) {
      data[plane + p] = packed.data[p * 3]!;
      data[p] = packed.data[p * 3 + 1]!;
      data[2 * plane + p] = packed.data[p * 3 + 2]!;
    }
    return { ...packed, data, pixelFormat: 'gbrp' };
  }

  it('makes the same decisions, with the same changed fraction, as on the packed frames', () => {
    const sequence = [frame(0), frame(200), frame(400, { x: 10, y: 10, side: 8 }), frame(600, { x: 12, y: 10, side: 8 }), frame(800, { x: 12, y: 10, side: 8 })];
    const packedGate = new MotionGate(options);
    const planarGate = new MotionGate(options);
    for (const f of sequence) expect(planarGate.check(planar(f))).toEqual(packedGate.check(f));
  });

  it('sums four pixels a word exactly as pixel by pixel, with a content width that is not a multiple of 4', () => {
    // Varied pixels (so each byte lane matters) and a content edge inside a word; the same bytes
    // one byte off alignment take the pixel-by-pixel path.
    const box = { srcWidth: 620, srcHeight: 360, scale: 0.1, contentWidth: 62, contentHeight: 36 };
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pictures = Array.from({ length: 6 }, (_v, i) => {
      const data = new Uint8Array(size * size * 3);
      for (let p = 0; p < data.length; p++) data[p] = Math.floor(random() * (40 + 40 * i)) + (p % 7) * 20;
      return data;
    });
    const aligned = new MotionGate({ ...options, threshold: 0.2 });
    const unaligned = new MotionGate({ ...options, threshold: 0.2 });
    const decisions = pictures.map((data, i) => {
      const shifted = new Uint8Array(new ArrayBuffer(data.length + 1), 1);
      shifted.set(data);
      const base = { width: size, height: size, letterbox: box, timestampMs: i * 100, pixelFormat: 'gbrp' as const };
      const fast = aligned.check({ ...base, data });
      expect(unaligned.check({ ...base, data: shifted })).toEqual(fast);
      expect(aligned.lastGreyCells()).toEqual(unaligned.lastGreyCells());
      return fast.reason;
    });
    expect(decisions).toContain('motion');
    expect(decisions).toContain('still');
  });
});
