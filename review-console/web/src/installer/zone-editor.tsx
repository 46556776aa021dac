import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Point, ZoneConfig } from '@wardwatch/contracts/site-config';
import type { CameraView, SiteChange, SiteView } from '../api/types.js';
import { useApi } from '../session/session-context.js';
import { cameraIssues } from './issue-words.js';
import { ProbeResult } from './probe-result.js';
import { SaveProblems } from './save-failure.js';
import { useUnappliedConfirm } from './unapplied-confirm.js';
import { useProbe } from './use-probe.js';
import { ZoneCanvas } from './zone-canvas.js';
import { addPoint, movePoint, newZone, pointAfter, removePoint } from './zone-draft.js';
import { ZoneList } from './zone-list.js';
import { ZoneSettings } from './zone-settings.js';

interface ZoneEditorProps {
  agentId: string;
  site: SiteView;
  camera: CameraView;
  onSaved: (change: SiteChange) => void;
  onClose: () => void;
  onReload: () => void;
  /** The agent runs its own config file: saving asks first, since the agent will not apply it. */
  unapplied?: boolean;
}

const DEFAULT_ASPECT = 16 / 9;

/**
 * Draws and sets a camera's zones on a fresh picture from it (a probe through the agent). Every
 * edit is checked with the shared camera schema; Save stays off, with the schema's own lines shown,
 * until the camera would be accepted. Saving makes a new config version that the agent picks up.
 */
export function ZoneEditor({ agentId, site, camera, onSaved, onClose, onReload, unapplied = false }: ZoneEditorProps) {
  const { t } = useTranslation();
  const { guard, dialog: unappliedDialog } = useUnappliedConfirm(unapplied, agentId);
  const api = useApi();
  const saved = camera.camera;
  const [zones, setZones] = useState<ZoneConfig[]>(saved.zones);
  const [selectedZone, setSelectedZone] = useState<number | null>(saved.zones.length > 0 ? 0 : null);
  const [selectedPoint, setSelectedPoint] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const probe = useProbe(agentId);
  const { start } = probe;

  useEffect(() => {
    start({ cameraId: saved.id });
  }, [start, saved.id]);

  const draft = useMemo(() => ({ ...saved, zones }), [saved, zones]);
  const savedIds = useMemo(() => new Set(saved.zones.map((z) => z.id)), [saved.zones]);
  const issues = useMemo(() => cameraIssues(t, draft), [t, draft]);
  const faulty = useMemo(() => new Set(issues.map((issue) => issue.zone).filter((i): i is number => i !== null)), [issues]);
  const dirty = canonical(zones) !== canonical(saved.zones);
  const zone = selectedZone === null ? undefined : zones[selectedZone];
  const view = probe.state.phase === 'done' ? probe.state.view : null;
  const imageUrl = view?.state === 'ok' ? view.snapshotUrl : null;
  const aspect = view?.stream ? view.stream.width / view.stream.height : DEFAULT_ASPECT;

  const edit = (change: (zones: ZoneConfig[]) => ZoneConfig[]) => {
    setZones(change);
    setSavedVersion(null);
    setFailure(undefined);
  };
  const editPolygon = (change: (polygon: Point[]) => Point[]) => {
    if (selectedZone === null) return;
    edit((all) => all.map((z, i) => (i === selectedZone ? { ...z, polygon: change(z.polygon) } : z)));
  };
  const add = (point: Point) => {
    if (!zone) return;
    const next = addPoint(zone.polygon, point, selectedPoint);
    editPolygon(() => next.polygon);
    setSelectedPoint(next.index);
  };
  const remove = (index: number) => {
    editPolygon((polygon) => removePoint(polygon, index));
    setSelectedPoint(zone && zone.polygon.length > 1 ? Math.max(0, index - 1) : null);
  };
  const selectZone = (index: number | null) => {
    setSelectedZone(index);
    setSelectedPoint(null);
  };

  const save = async () => {
    if (busy || issues.length > 0) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const change = await api.installer.saveCamera(agentId, saved.id, { baseVersion: site.version, camera: draft });
      // The console's copy (defaults filled, its key order) becomes the new starting point.
      const stored = change.site.cameras.find((c) => c.camera.id === saved.id)?.camera.zones;
      if (stored) setZones(stored);
      setSavedVersion(change.version);
      onSaved(change);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const blocked = issues.length > 0 ? t('zones.saveBlocked') : !dirty ? t('zones.nothingToSave') : null;
  return (
    <section className="panel zone-editor" aria-labelledby="zone-editor-title">
      <div className="panel__head">
        <h2 id="zone-editor-title" className="panel__title">
          {t('zones.title', { camera: saved.name })}
        </h2>
        <div className="panel__tools">
          <button type="button" className="button button--small" onClick={() => start({ cameraId: saved.id })} disabled={probe.state.phase === 'waiting'}>
            {t('zones.newSnapshot')}
          </button>
          <button type="button" className="button button--small button--ghost" onClick={onClose}>
            {t('zones.back')}
          </button>
        </div>
      </div>
      <ProbeResult state={probe.state} showSnapshot={false} />
      <div className="zone-editor__body">
        <div className="zone-editor__picture">
          <ZoneCanvas
            imageUrl={imageUrl}
            aspect={aspect}
            zones={zones}
            selectedZone={selectedZone}
            selectedPoint={selectedPoint}
            onAddPoint={add}
            onMovePoint={(index, point) => editPolygon((polygon) => movePoint(polygon, index, point))}
            onSelectPoint={setSelectedPoint}
            onRemovePoint={remove}
          />
          <div className="zone-editor__tools" role="group" aria-label={t('zones.pointTools')}>
            <button type="button" className="button button--small" disabled={!zone} onClick={() => zone && add(pointAfter(zone.polygon, selectedPoint))}>
              {t('zones.addPoint')}
            </button>
            <button type="button" className="button button--small" disabled={!zone || selectedPoint === null} onClick={() => selectedPoint !== null && remove(selectedPoint)}>
              {t('zones.removePoint')}
            </button>
          </div>
        </div>
        <div className="zone-editor__side">
          <ZoneList
            zones={zones}
            selected={selectedZone}
            faulty={faulty}
            onSelect={selectZone}
            onAdd={() => {
              edit((all) => [...all, newZone(all, t('zones.defaultName', { number: all.length + 1 }))]);
              selectZone(zones.length);
            }}
            onDelete={(index) => {
              edit((all) => all.filter((_z, i) => i !== index));
              selectZone(zones.length > 1 ? Math.max(0, Math.min(index, zones.length - 2)) : null);
            }}
          />
          {zone && selectedZone !== null ? (
            <ZoneSettings
              zone={zone}
              others={zones.filter((_z, i) => i !== selectedZone)}
              isNew={!savedIds.has(zone.id)}
              onChange={(next) => edit((all) => all.map((z, i) => (i === selectedZone ? next : z)))}
            />
          ) : null}
        </div>
      </div>
      <div className="save-bar">
        <SaveProblems issues={issues.map((issue) => issue.text)} failure={failure} agentId={agentId} onReload={onReload} />
        {savedVersion !== null ? (
          <p className="banner banner--info" role="status">
            {t(unapplied ? 'zones.savedUnapplied' : 'zones.savedVersion', { version: savedVersion })}
          </p>
        ) : null}
        <div className="form-actions">
          {blocked ? (
            <p id="zone-save-reason" className="muted small">
              {blocked}
            </p>
          ) : null}
          <button type="button" className="button button--primary" disabled={busy || blocked !== null} aria-describedby={blocked ? 'zone-save-reason' : undefined} onClick={() => !busy && issues.length === 0 && guard(save)}>
            {busy ? t('common.saving') : t('zones.save')}
          </button>
        </div>
      </div>
      {unappliedDialog}
    </section>
  );
}

/** JSON with sorted keys: a zone that only differs in key order is not an unsaved change. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
