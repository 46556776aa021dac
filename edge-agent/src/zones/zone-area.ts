import type { ZoneConfig } from '../config/agent-config.schema.js';
import { anchorPoint, boxArea, type Anchor } from '../geometry/box-math.js';
import type { Box } from '../detect/detection.js';
import { pointInPolygon, polygonBounds, type Polygon } from './polygon.js';

/**
 * Where a zone is and what it counts: the polygon tested at the zone's anchor point, the zone's
 * own class filter intersected with a rule's classes, and the minimum box area.
 */
export class ZoneArea {
  readonly id: string;
  readonly anchor: Anchor;
  private readonly polygon: Polygon;
  private readonly bounds: Box;
  private readonly zoneClasses: ReadonlySet<string> | undefined;
  private readonly minBoxArea: number;

  constructor(zone: Pick<ZoneConfig, 'id' | 'polygon' | 'anchor' | 'classes' | 'minBoxArea'>) {
    this.id = zone.id;
    this.anchor = zone.anchor;
    this.polygon = zone.polygon;
    this.bounds = polygonBounds(zone.polygon);
    this.zoneClasses = zone.classes === undefined ? undefined : new Set(zone.classes);
    this.minBoxArea = zone.minBoxArea;
  }

  contains(box: Box): boolean {
    const p = anchorPoint(box, this.anchor);
    const b = this.bounds;
    if (p.x < b.x1 || p.x > b.x2 || p.y < b.y1 || p.y > b.y2) return false;
    return pointInPolygon(p.x, p.y, this.polygon);
  }

  /** The classes a rule of this zone counts: the rule's list, narrowed by the zone's filter. */
  ruleClasses(ruleClasses: readonly string[]): Set<string> {
    const zoneClasses = this.zoneClasses;
    return new Set(zoneClasses === undefined ? ruleClasses : ruleClasses.filter((c) => zoneClasses.has(c)));
  }

  bigEnough(box: Box): boolean {
    return boxArea(box) >= this.minBoxArea;
  }

  /** Inside, big enough, and of a counted class. */
  accepts(box: Box, className: string, classes: ReadonlySet<string>): boolean {
    return classes.has(className) && this.bigEnough(box) && this.contains(box);
  }
}
