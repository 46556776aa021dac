import type { MediaKind, MediaUploadResponse, ViolationJob } from '@wardwatch/contracts';

export interface MediaFile {
  path: string;
  sha256: string;
  bytes: number;
  mime: 'video/mp4' | 'image/jpeg';
}

/**
 * Where violations go: evidence files to the console's upload endpoint, then the job to the
 * queue. Both steps must be idempotent (same id + sha256 upload, `jobId` = violation id), because
 * after a crash the outbox repeats whichever step it cannot prove finished.
 */
export interface ViolationPublisher {
  uploadMedia(violationId: string, kind: MediaKind, file: MediaFile): Promise<MediaUploadResponse>;
  enqueue(job: ViolationJob): Promise<void>;
  close(): Promise<void>;
}
