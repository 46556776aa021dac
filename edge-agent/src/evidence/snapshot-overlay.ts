import type { Box } from '../detect/detection.js';

export interface LabelledBox {
  box: Box;
  label: string;
}

export interface OverlayInput {
  width: number;
  height: number;
  /** Zone polygon in frame fractions. */
  zone: readonly (readonly [number, number])[];
  boxes: readonly LabelledBox[];
  /** Bottom-left caption lines: the time (`HH:mm dd/MM/yyyy`) and the camera. */
  caption: readonly string[];
}

/** Stroke colours; the tests look for them in the rendered JPEG, so they are saturated. */
export const ZONE_COLOUR = '#ffd400';
export const BOX_COLOUR = '#ff0000';

/**
 * The drawing on an evidence snapshot as SVG, for sharp to composite over the full-resolution
 * frame: the zone, each offending box with its label, and the time. Line widths and text scale
 * with the picture so a 4K still reads like a 720p one.
 */
export function overlaySvg(input: OverlayInput): string {
  const { width, height } = input;
  const unit = Math.max(1, Math.round(Math.min(width, height) / 240));
  const fontSize = Math.max(12, unit * 7);
  const elements: string[] = [];
  if (input.zone.length >= 3) {
    const points = input.zone.map(([x, y]) => `${num(x * width)},${num(y * height)}`).join(' ');
    elements.push(`<polygon points="${points}" fill="${ZONE_COLOUR}" fill-opacity="0.15" stroke="${ZONE_COLOUR}" stroke-width="${unit}"/>`);
  }
  for (const { box, label } of input.boxes) {
    const x = box.x1 * width;
    const y = box.y1 * height;
    const w = (box.x2 - box.x1) * width;
    const h = (box.y2 - box.y1) * height;
    elements.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="none" stroke="${BOX_COLOUR}" stroke-width="${unit * 2}"/>`);
    if (label) {
      const labelY = y - fontSize * 1.3 >= 0 ? y - fontSize * 1.3 : y + h;
      const labelW = label.length * fontSize * 0.62 + unit * 4;
      elements.push(`<rect x="${num(x)}" y="${num(labelY)}" width="${num(labelW)}" height="${num(fontSize * 1.3)}" fill="${BOX_COLOUR}"/>`);
      elements.push(text(x + unit * 2, labelY + fontSize, fontSize, label));
    }
  }
  const lineHeight = fontSize * 1.35;
  input.caption.forEach((line, index) => {
    const y = height - unit * 3 - (input.caption.length - 1 - index) * lineHeight;
    const w = line.length * fontSize * 0.62 + unit * 4;
    elements.push(`<rect x="0" y="${num(y - fontSize)}" width="${num(w)}" height="${num(lineHeight)}" fill="#000000" fill-opacity="0.6"/>`);
    elements.push(text(unit * 2, y, fontSize, line));
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${elements.join('')}</svg>`;
}

function text(x: number, y: number, size: number, value: string): string {
  return `<text x="${num(x)}" y="${num(y)}" font-family="DejaVu Sans, sans-serif" font-size="${size}" fill="#ffffff">${escapeXml(value)}</text>`;
}

function num(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** Labels and camera names come from config: escape them so a `<` cannot break the SVG. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&'"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[ch] ?? ch);
}
