import type { RuleConfig } from '../config/agent-config.schema.js';
import type { ZoneArea } from '../zones/zone-area.js';
import { IllegalParkingRule } from './illegal-parking.js';
import { LitteringRule } from './littering/littering-rule.js';
import { SidewalkEncroachmentRule } from './sidewalk-encroachment.js';
import type { ZoneRule } from './zone-rule.js';

export function makeZoneRule(cameraId: string, zone: ZoneArea, rule: RuleConfig): ZoneRule {
  switch (rule.type) {
    case 'illegal_parking':
      return new IllegalParkingRule(cameraId, zone, rule);
    case 'sidewalk_encroachment':
      return new SidewalkEncroachmentRule(cameraId, zone, rule);
    case 'littering':
      return new LitteringRule(cameraId, zone, rule);
  }
}
