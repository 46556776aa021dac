import type { z } from 'zod';
import type { StatsResponse, statsQuery } from '../api/api-types.js';
import type { ViolationRepository } from '../repositories/violation.repository.js';
import type { AccessService } from './access.service.js';
import type { Actor } from './actor.js';

export class StatsService {
  constructor(
    private readonly violations: ViolationRepository,
    private readonly access: AccessService,
  ) {}

  async summary(actor: Actor, query: z.infer<typeof statsQuery>): Promise<StatsResponse> {
    const wards = await this.access.narrow(actor, query.ward);
    const from = new Date(query.from).toISOString();
    const to = new Date(query.to).toISOString();
    const counts = await this.violations.countsBetween(wards, from, to);
    const hourly = await this.violations.hourlyBetween(wards, from, to);
    const backlog = (await this.violations.pendingByWard()).filter((b) => wards === null || wards.includes(b.ward));
    const decided = await this.violations.decidedTimes(wards, from, to);
    const seconds = decided.filter((d) => d.decided_at !== null).map((d) => (Date.parse(d.decided_at ?? '') - Date.parse(d.received_at)) / 1000);
    return {
      from,
      to,
      rows: counts.map((c) => ({ ward: c.ward, ruleType: c.rule as StatsResponse['rows'][number]['ruleType'], cameraId: c.camera, status: c.status as StatsResponse['rows'][number]['status'], count: c.count })),
      hourly,
      backlog,
      meanReviewSeconds: seconds.length === 0 ? null : seconds.reduce((a, b) => a + b, 0) / seconds.length,
    };
  }
}
