import { useRef, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Point, ZoneConfig } from '@wardwatch/contracts/site-config';
import { clampPoint } from './zone-draft.js';

interface ZoneCanvasProps {
  /** The fresh snapshot; null draws on a blank frame of the same shape. */
  imageUrl: string | null;
  /** Width / height of the camera's picture. */
  aspect: number;
  zones: readonly ZoneConfig[];
  selectedZone: number | null;
  selectedPoint: number | null;
  onAddPoint: (point: Point) => void;
  onMovePoint: (index: number, point: Point) => void;
  onSelectPoint: (index: number | null) => void;
  onRemovePoint: (index: number) => void;
}

/** Arrow keys move a point by 1 % of the frame, 5 % with Shift: fine enough to follow a kerb. */
const STEP = 0.01;
const BIG_STEP = 0.05;

/**
 * The snapshot with every zone drawn over it in frame fractions. A click on the picture adds a
 * point to the selected zone; its points are buttons that can be dragged, moved with the arrow
 * keys, and removed with Delete or Backspace.
 */
export function ZoneCanvas({ imageUrl, aspect, zones, selectedZone, selectedPoint, onAddPoint, onMovePoint, onSelectPoint, onRemovePoint }: ZoneCanvasProps) {
  const { t } = useTranslation();
  const frameRef = useRef<HTMLDivElement>(null);
  const dragging = useRef<number | null>(null);
  const zone = selectedZone === null ? undefined : zones[selectedZone];

  const fractionOf = (clientX: number, clientY: number): Point => {
    const box = frameRef.current!.getBoundingClientRect();
    return clampPoint((clientX - box.left) / box.width, (clientY - box.top) / box.height);
  };

  const onFrameClick = (event: MouseEvent<HTMLDivElement>) => {
    if (!zone || (event.target instanceof Element && event.target.closest('.zone-handle'))) return;
    onAddPoint(fractionOf(event.clientX, event.clientY));
  };

  const startDrag = (index: number) => (event: PointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    dragging.current = index;
    onSelectPoint(index);
  };
  const drag = (event: PointerEvent<HTMLButtonElement>) => {
    if (dragging.current === null) return;
    onMovePoint(dragging.current, fractionOf(event.clientX, event.clientY));
  };
  const endDrag = (event: PointerEvent<HTMLButtonElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
    dragging.current = null;
  };

  const onHandleKey = (index: number, point: Point) => (event: KeyboardEvent<HTMLButtonElement>) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      onMovePoint(index, clampPoint(point[0] + move[0], point[1] + move[1]));
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      onRemovePoint(index);
    } else if (event.key === 'Escape') {
      onSelectPoint(null);
    }
  };

  const percent = (v: number) => `${Math.round(v * 1000) / 10}%`;
  return (
    <div className="zone-canvas">
      <div
        ref={frameRef}
        className={`zone-canvas__frame ${zone ? 'zone-canvas__frame--drawing' : ''}`}
        style={{ aspectRatio: String(aspect) }}
        onClick={onFrameClick}
        data-testid="zone-frame"
      >
        {imageUrl ? <img className="zone-canvas__image" src={imageUrl} alt={t('zones.snapshotAlt')} draggable={false} /> : <div className="zone-canvas__blank" />}
        <svg className="zone-canvas__overlay" viewBox="0 0 1 1" preserveAspectRatio="none" aria-hidden="true">
          {zones.map((z, i) => {
            const points = z.polygon.map(([x, y]) => `${x},${y}`).join(' ');
            const mine = i === selectedZone;
            return z.polygon.length >= 3 ? (
              <polygon key={i} points={points} className={`zone-shape ${mine ? 'zone-shape--selected' : ''}`} vectorEffect="non-scaling-stroke" />
            ) : (
              <polyline key={i} points={points} className={`zone-shape zone-shape--open ${mine ? 'zone-shape--selected' : ''}`} vectorEffect="non-scaling-stroke" />
            );
          })}
        </svg>
        {zones.map((z, i) =>
          z.polygon[0] ? (
            <span key={i} className="zone-canvas__label" style={{ left: percent(z.polygon[0][0]), top: percent(z.polygon[0][1]) }} aria-hidden="true">
              {z.name ?? z.id}
            </span>
          ) : null,
        )}
        {zone?.polygon.map((point, index) => (
          <button
            key={index}
            type="button"
            className="zone-handle"
            style={{ left: percent(point[0]), top: percent(point[1]) }}
            aria-pressed={selectedPoint === index}
            aria-label={t('zones.point', { n: index + 1, zone: zone.name ?? zone.id, x: percent(point[0]), y: percent(point[1]) })}
            data-point-index={index}
            onPointerDown={startDrag(index)}
            onPointerMove={drag}
            onPointerUp={endDrag}
            onPointerCancel={endDrag}
            onClick={() => onSelectPoint(index)}
            onKeyDown={onHandleKey(index, point)}
          />
        ))}
      </div>
      <p className="muted small">{zone ? t('zones.canvasHelp') : t('zones.pickZoneFirst')}</p>
    </div>
  );
}
