import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateUuidV7, mediaUri, type ClipMarks, type ClipShortfall, type ViolationJob } from '@wardwatch/contracts';

/** The shared fixtures sit beside the checkout (`../shared/fixtures`) unless WARDWATCH_SHARED says otherwise. */
export const FIXTURES = join(process.env.WARDWATCH_SHARED ?? join(import.meta.dirname, '../../../../shared'), 'fixtures');

export interface EvidenceFile {
  bytes: Buffer;
  sha256: string;
}

function file(bytes: Buffer): EvidenceFile {
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A real clip from the shared fixtures (never copied into the repo). */
export function realClip(): EvidenceFile {
  return file(readFileSync(join(FIXTURES, 'lot-car-cyclist.mp4')));
}

/** The same clip as an H.265 camera's main stream sends it (hvc1 in MP4), made once per machine by ffmpeg. */
export function realHevcClip(): EvidenceFile {
  const dir = join(tmpdir(), 'ww-console-test-evidence');
  const out = join(dir, 'lot-car-cyclist-hevc.mp4');
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const args = ['-v', 'error', '-y', '-i', join(FIXTURES, 'lot-car-cyclist.mp4'), '-t', '4', '-an', '-c:v', 'libx265', '-preset', 'veryfast', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-movflags', '+faststart'];
    execFileSync('ffmpeg', [...args, `${out}.tmp.mp4`]);
    execFileSync('mv', [`${out}.tmp.mp4`, out]);
  }
  return file(readFileSync(out));
}

/** A 13.6 s clip (the real one played four times), long enough to open a few seconds before a trigger. */
export function realLongClip(): EvidenceFile {
  const dir = join(tmpdir(), 'ww-console-test-evidence');
  const out = join(dir, 'lot-car-cyclist-x4.mp4');
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    const args = ['-v', 'error', '-y', '-stream_loop', '3', '-i', join(FIXTURES, 'lot-car-cyclist.mp4'), '-an', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '25', '-movflags', '+faststart'];
    execFileSync('ffmpeg', [...args, `${out}.tmp.mp4`]);
    execFileSync('mv', [`${out}.tmp.mp4`, out]);
  }
  return file(readFileSync(out));
}

/** A real JPEG: the clip's first frame, made once per machine by ffmpeg. */
export function realSnapshot(): EvidenceFile {
  const dir = join(tmpdir(), 'ww-console-test-evidence');
  const out = join(dir, 'lot-car-cyclist-first-frame.jpg');
  if (!existsSync(out)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', join(FIXTURES, 'lot-car-cyclist.mp4'), '-frames:v', '1', `${out}.tmp.jpg`]);
    execFileSync('mv', [`${out}.tmp.jpg`, out]);
  }
  return file(readFileSync(out));
}

export interface JobOptions {
  violationId?: string;
  agentId: string;
  ward: string;
  cameraId?: string;
  triggeredAt?: Date;
  ruleType?: ViolationJob['ruleType'];
  clip: EvidenceFile;
  snapshot: EvidenceFile;
  /** The clip falls short of its window (a still, a partial clip), as the agent reports it. */
  shortfall?: ClipShortfall;
  /** Where the arrival and the trigger are in the clip, as the agent reports them. */
  marks?: ClipMarks;
  /** The zone's name; `null` sends a zone with only an id (an older agent, an unnamed zone). */
  zoneName?: string | null;
}

/** A valid ViolationJob v1 whose media refs point at the given evidence. */
export function violationJob(options: JobOptions): ViolationJob {
  const triggered = options.triggeredAt ?? new Date();
  const id = options.violationId ?? generateUuidV7(triggered.getTime());
  return {
    version: 1,
    violationId: id,
    agentId: options.agentId,
    agentVersion: '0.1.0',
    cameraId: options.cameraId ?? 'cam-1',
    cameraName: 'Hàng Bạc 12',
    ward: options.ward,
    ruleType: options.ruleType ?? 'illegal_parking',
    zoneId: 'no-parking-1',
    ...(options.zoneName === null ? {} : { zoneName: options.zoneName ?? 'Cổng chợ Hàng Bạc' }),
    classes: ['car'],
    scores: [0.83],
    trackIds: [7],
    startedAt: new Date(triggered.getTime() - 65_000).toISOString(),
    triggeredAt: triggered.toISOString(),
    bbox: { x1: 0.1, y1: 0.2, x2: 0.4, y2: 0.6 },
    boxes: [{ x1: 0.1, y1: 0.2, x2: 0.4, y2: 0.6 }],
    media: {
      clip: { uri: mediaUri(id, 'clip'), sha256: options.clip.sha256, bytes: options.clip.bytes.length, mime: 'video/mp4', durationSeconds: 3.4, ...(options.shortfall ? { shortfall: options.shortfall } : {}), ...(options.marks ? { marks: options.marks } : {}) },
      snapshot: { uri: mediaUri(id, 'snapshot'), sha256: options.snapshot.sha256, bytes: options.snapshot.bytes.length, mime: 'image/jpeg' },
    },
    model: { name: 'yolox_nano', sha256: 'a'.repeat(64) },
  };
}
