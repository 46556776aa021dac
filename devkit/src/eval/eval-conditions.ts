/*
 * The conditions a scene is evaluated in: each is an ffmpeg filter chain and encoder settings
 * applied to the scene's clean video. Everything is deterministic (fixed noise seed, one encoder
 * and filter thread), so the same clean video always gives the same file, and the same file the
 * same analysis.
 */

export const CONDITION_NAMES = ['clean', 'night', 'starved', 'sway'] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];

export interface Condition {
  name: ConditionName;
  description: string;
  /** ffmpeg -vf chain; undefined = the clean video itself, not re-encoded. */
  filter?: string;
  /** Encoder arguments for the rendered file. */
  encode?: string[];
}

/** Near-lossless and single-threaded: x264's output then depends on its input alone. */
const FAITHFUL = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-threads', '1'];

/** Sway: peak shift in pixels and periods in seconds (a lamp-post camera in the wind). */
const SWAY = { x: 6, y: 4, periodX: 7, periodY: 5 } as const;
const PAD = 8;

export const CONDITIONS: Record<ConditionName, Condition> = {
  clean: { name: 'clean', description: 'the scene as composed, or the clip as recorded' },
  night: {
    name: 'night',
    description: 'street-lit night: dark, low contrast, nearly grey, with sensor noise that changes every frame',
    // A sub-stream at night: mean brightness about a third of the day picture, colour mostly gone,
    // gain noise (strength 14 of 100, new every frame, fixed seed). A person still sees the car.
    filter: 'eq=brightness=-0.2:contrast=0.6:saturation=0.3:gamma=0.9,noise=alls=14:allf=t:all_seed=424242',
    // Encoded as the camera would, capped at 1.5 Mbit/s: the noise is in the stream, partly
    // smoothed by the encoder (uncapped, noise alone costs 25 Mbit/s).
    encode: ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-maxrate', '1500k', '-bufsize', '3000k', '-pix_fmt', 'yuv420p', '-threads', '1'],
  },
  starved: {
    name: 'starved',
    description: '640 px wide at 96 kbit/s, one key frame every 250 frames and none at scene cuts: a cheap camera on a busy uplink',
    // A 3G/4G uplink shared by several cameras: the rate is capped, so moving things and sensor
    // noise smear into blocks, and a lost detail only comes back at the next key frame.
    filter: 'scale=640:-2',
    encode: [
      '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', '96k', '-maxrate', '96k', '-bufsize', '192k',
      '-g', '250', '-keyint_min', '250', '-sc_threshold', '0', '-bf', '0', '-pix_fmt', 'yuv420p', '-threads', '1',
    ],
  },
  sway: {
    name: 'sway',
    description: `the picture drifts up to ${SWAY.x} px sideways and ${SWAY.y} px up and down, periods ${SWAY.periodX} s and ${SWAY.periodY} s: a lamp-post camera in the wind`,
    // A pure shift (no zoom, so ground truth stays where it was): pad, smear the edge pixels into
    // the pad (a real camera sees more of the street there, never black), crop a moving window.
    filter:
      `pad=iw+${2 * PAD}:ih+${2 * PAD}:${PAD}:${PAD},fillborders=left=${PAD}:right=${PAD}:top=${PAD}:bottom=${PAD}:mode=smear,` +
      `crop=iw-${2 * PAD}:ih-${2 * PAD}:x='${PAD}+${SWAY.x}*sin(2*PI*t/${SWAY.periodX})':y='${PAD}+${SWAY.y}*sin(2*PI*t/${SWAY.periodY})'`,
    encode: FAITHFUL,
  },
};

export function isConditionName(value: string): value is ConditionName {
  return (CONDITION_NAMES as readonly string[]).includes(value);
}
