import { formatIssues } from '@wardwatch/contracts/issues';
import { cameraSchema, type CameraConfig } from '@wardwatch/contracts/site-config';

/**
 * What the console would refuse in this camera, as the very lines its 400 answer lists
 * (`zones[0].polygon: a polygon needs at least 3 points`): the same schema and the same
 * formatter, run in the browser as the installer edits.
 */
export function cameraIssues(camera: unknown): string[] {
  const result = cameraSchema.safeParse(camera);
  return result.success ? [] : formatIssues(result.error);
}

export type { CameraConfig };
