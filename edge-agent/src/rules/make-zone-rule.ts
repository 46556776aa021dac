import type { RuleConfig } from '../config/agent-config.schema.js';
import type { ZoneArea } from '../zones/zone-area.js';
import { IllegalParkingRule } from './illegal-parking.js';
import { LitteringRule } from './littering/littering-rule.js';
import type { RuleCases } from './reported-cases.js';
import { SidewalkEncroachmentRule } from './sidewalk-encroachment.js';
import type { ZoneRule } from './zone-rule.js';

/** `cases`: the rule's part of its camera's reported cases (`ReportedCases.forRule`), shared with the rules it replaces. */
export function makeZoneRule(cameraId: string, zone: ZoneArea, rule: RuleConfig, cases: RuleCases): ZoneRule {
  switch (rule.type) {
    case 'illegal_parking':
      return new IllegalParkingRule(cameraId, zone, rule, cases);
    case 'sidewalk_encroachment':
      return new SidewalkEncroachmentRule(cameraId, zone, rule, cases);
    case 'littering':
      return new LitteringRule(cameraId, zone, rule, cases);
  }
}
