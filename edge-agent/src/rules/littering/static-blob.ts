import type { Box } from '../../detect/detection.js';

/** A region that recently became part of the scene and stays still (a left-object candidate). */
export interface StaticBlob {
  /** Frame fractions. */
  box: Box;
  /** Pixels of the blob as a fraction of the picture area. */
  areaFraction: number;
  /** When its pixels first differed from the long-term background (frame clock): when it was left. */
  appearedAtMs: number;
  /** How clearly it differs from the background, 0..1 (used as the score of a class-agnostic object). */
  contrast: number;
}
