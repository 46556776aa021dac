import type { RecordState } from '@wardwatch/contracts';
import type { CameraStatus } from '../api/api-types.js';
import { deriveCameraHealth, type ReportedState } from '../domain/camera-health.js';
import type { CameraRepository } from '../repositories/camera.repository.js';
import type { WardRepository } from '../repositories/ward.repository.js';
import type { AccessService } from './access.service.js';
import type { Actor } from './actor.js';

export class CameraService {
  constructor(
    private readonly cameras: CameraRepository,
    private readonly access: AccessService,
    private readonly clock: () => Date,
    private readonly wards: Pick<WardRepository, 'listWards'>,
  ) {}

  async list(actor: Actor): Promise<CameraStatus[]> {
    const rows = await this.cameras.list(await this.access.cameraWards(actor));
    const now = this.clock().getTime();
    const wardNames = new Map((await this.wards.listWards()).map((w) => [w.id, w.name]));
    return rows.map((row) => {
      const reported = row.state as ReportedState;
      const health = deriveCameraHealth(reported, Date.parse(row.received_at), row.interval_ms === null ? null : Number(row.interval_ms), now);
      return {
        agentId: row.agent_id,
        ward: row.ward_id,
        wardName: wardNames.get(row.ward_id) ?? row.ward_id,
        cameraId: row.camera_id,
        name: row.name,
        reportedState: reported,
        status: health.status,
        stale: health.stale,
        lastSeenAt: row.received_at,
        lastFrameAt: row.last_frame_at,
        fps: Number(row.fps),
        lastError: row.last_error,
        restarts: Number(row.restarts),
        record: row.record_state === null ? null : { state: row.record_state as RecordState, lastError: row.record_error },
        agentVersion: row.agent_version,
        outboxPending: Number(row.outbox_pending),
      };
    });
  }
}
