import type { ViolationReport } from './violation-report.js';

const time = (s: number | null): string => (s === null ? '-' : s.toFixed(1));

/** The readable table `analyze` prints without --json. */
export function reportTable(reports: readonly ViolationReport[]): string {
  if (reports.length === 0) return 'no violations\n';
  const header = ['rule', 'camera', 'zone', 'classes', 'started s', 'triggered s', 'ended s', 'score', 'bbox x1,y1,x2,y2', 'note'];
  const rows = reports.map((r) => [
    r.rule,
    r.cameraId,
    r.zoneId,
    r.classes.join('+'),
    time(r.startedAtS),
    time(r.triggeredAtS),
    time(r.endedAtS),
    r.score.toFixed(2),
    r.bbox.map((v) => v.toFixed(2)).join(','),
    r.phase === 'renotified' ? 'still there' : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

/** One line of a terminal progress bar (no newline; the caller redraws it with \r). */
export function progressLine(mediaSeconds: number, totalSeconds: number | undefined, reports: number, fps: number, width = 30): string {
  const tail = `${mediaSeconds.toFixed(1)}${totalSeconds ? `/${totalSeconds.toFixed(1)}` : ''} s  ${reports} violation${reports === 1 ? '' : 's'}  ${fps.toFixed(1)} fps`;
  if (!totalSeconds) return tail;
  const done = Math.min(1, mediaSeconds / totalSeconds);
  const filled = Math.round(done * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(done * 100)).padStart(3)}%  ${tail}`;
}
