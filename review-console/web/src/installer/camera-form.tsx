import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CameraView, SiteChange, SiteView } from '../api/types.js';
import { Field } from '../components/field.js';
import { useApi } from '../session/session-context.js';
import { cameraIssues } from './issue-words.js';
import { useUnappliedConfirm } from './unapplied-confirm.js';
import { urlHasCredentials, withCredentials } from './camera-url.js';
import { CredentialsNote } from './credentials-note.js';
import { FindCameras, type CameraPick } from './find-cameras.js';
import { ProbeResult } from './probe-result.js';
import { SaveProblems } from './save-failure.js';
import { useProbe } from './use-probe.js';

interface CameraFormProps {
  agentId: string;
  site: SiteView;
  /** The saved camera being edited; absent when adding one. */
  existing?: CameraView;
  onSaved: (change: SiteChange) => void;
  onCancel: () => void;
  onReload: () => void;
  /** The agent runs its own config file: saving asks first, since the agent will not apply it. */
  unapplied?: boolean;
}

/**
 * Adds or edits one camera: its id, name, streams and detection rate, with a test through the
 * agent before saving. User name and password are typed apart from the URL and merged into it
 * only in the request; a stored password is never shown, only that one is saved.
 */
export function CameraForm({ agentId, site, existing, onSaved, onCancel, onReload, unapplied = false }: CameraFormProps) {
  const { t } = useTranslation();
  const { guard, dialog: unappliedDialog } = useUnappliedConfirm(unapplied, agentId);
  const api = useApi();
  const saved = existing?.camera;
  const [id, setId] = useState(saved?.id ?? '');
  const [name, setName] = useState(saved?.name ?? '');
  const [detectUrl, setDetectUrl] = useState(saved?.detect.url ?? '');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fps, setFps] = useState(String(saved?.detect.fps ?? 5));
  const [transport, setTransport] = useState<'tcp' | 'udp'>(saved?.detect.transport ?? 'tcp');
  const [recordUrl, setRecordUrl] = useState(saved?.record.url ?? '');
  const [recordSameLogin, setRecordSameLogin] = useState(true);
  const [clearDetect, setClearDetect] = useState(false);
  const [clearRecord, setClearRecord] = useState(false);
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(existing !== undefined);
  /** A camera picked from "Find cameras": something to save, though its problems show only once edited or sent. */
  const [picked, setPicked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const probe = useProbe(agentId);

  const sendDetectUrl = withCredentials(detectUrl, username, password);
  const sendRecordUrl = recordUrl.trim() === '' ? '' : recordSameLogin ? withCredentials(recordUrl, username, password) : recordUrl.trim();
  const { url: _oldRecordUrl, ...recordRest } = saved?.record ?? { url: undefined };
  const camera = {
    ...(saved ?? {}),
    id: id.trim(),
    name: name.trim(),
    detect: { ...(saved?.detect ?? {}), url: sendDetectUrl, fps: fps.trim() === '' ? Number.NaN : Number(fps), transport },
    ...(saved || sendRecordUrl !== '' ? { record: { ...recordRest, ...(sendRecordUrl !== '' ? { url: sendRecordUrl } : {}) } } : {}),
    zones: saved?.zones ?? [],
  };
  // Adding a camera under an id the agent already has would replace that camera without a word.
  const takenId = saved === undefined && site.cameras.some((c) => c.camera.id === camera.id);
  const allIssues = [...(takenId ? [t('cameraForm.idTaken', { id: camera.id })] : []), ...cameraIssues(t, camera).map((issue) => issue.text)];
  const issues = touched ? allIssues : [];
  const idInput = useRef<HTMLInputElement>(null);
  const typedLogin = username !== '' || password !== '';

  /**
   * A camera or stream picked from "Find cameras": its addresses (and the login searched with) go
   * into the form, a new camera gets an id from its address, and the installer is taken to the id
   * to check it. Picking is not saving: the form's problems show once it is edited or sent.
   */
  const usePick = (pick: CameraPick) => {
    setPicked(true);
    if (pick.name !== undefined && name.trim() === '') setName(pick.name);
    if (saved === undefined && id.trim() === '' && pick.address !== undefined) setId(`cam-${pick.address.replace(/:\d+$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 64));
    if (pick.detectUrl !== undefined) setDetectUrl(pick.detectUrl);
    if (pick.recordUrl !== undefined) setRecordUrl(pick.recordUrl);
    if (pick.username !== undefined) {
      setUsername(pick.username);
      setPassword(pick.password ?? '');
    }
    idInput.current?.focus();
  };

  const test = () => {
    const unchanged = saved !== undefined && detectUrl.trim() === saved.detect.url && !typedLogin && !clearDetect;
    probe.start(unchanged ? { cameraId: saved.id } : { url: sendDetectUrl, transport });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (busy || allIssues.length > 0) return;
    guard(save);
  };

  const save = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const clear = { ...(clearDetect ? { detect: true } : {}), ...(clearRecord ? { record: true } : {}) };
      const change = await api.installer.saveCamera(agentId, camera.id, {
        baseVersion: site.version,
        camera,
        ...(Object.keys(clear).length > 0 ? { clearCredentials: clear } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      // The password has reached the console; it must not linger in the page.
      setUsername('');
      setPassword('');
      onSaved(change);
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };

  const titleId = 'camera-form-title';
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel__title">
        {saved ? t('cameraForm.editTitle', { name: saved.name }) : t('cameraForm.addTitle')}
      </h2>
      <form className="form camera-form" onSubmit={submit} onChange={() => setTouched(true)} noValidate>
        <div className="form-grid">
          <Field label={t('cameraForm.id')}>
            {(fid) => (
              <input id={fid} ref={idInput} className="input mono" name="camera-id" value={id} readOnly={saved !== undefined} aria-describedby="camera-id-hint" autoComplete="off" spellCheck={false} onChange={(e) => setId(e.target.value)} />
            )}
          </Field>
          <Field label={t('cameraForm.name')}>
            {(fid) => <input id={fid} className="input" name="camera-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
          </Field>
        </div>
        <p id="camera-id-hint" className="muted small">
          {saved ? t('cameraForm.idFixed') : t('cameraForm.idHint')}
        </p>
        <FindCameras agentId={agentId} onPick={usePick} />
        <fieldset className="fieldset">
          <legend className="field__label">{t('cameraForm.detectStream')}</legend>
          <Field label={t('cameraForm.detectUrl')}>
            {(fid) => (
              <input id={fid} className="input mono" name="detect-url" type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="rtsp://10.0.0.21:554/sub" value={detectUrl} onChange={(e) => setDetectUrl(e.target.value)} />
            )}
          </Field>
          {urlHasCredentials(detectUrl) ? <p className="muted small">{t('cameraForm.urlCarriesLogin')}</p> : null}
          <CredentialsNote stored={existing?.credentials.detect ?? false} clearing={clearDetect} onClear={setClearDetect} />
          <div className="form-grid">
            <Field label={t('cameraForm.username')}>
              {(fid) => <input id={fid} className="input" name="camera-username" autoComplete="off" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />}
            </Field>
            <Field label={t('cameraForm.password')}>
              {(fid) => <input id={fid} className="input" name="camera-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
            </Field>
            <Field label={t('cameraForm.fps')}>
              {(fid) => <input id={fid} className="input" name="detect-fps" type="number" min={0.5} max={30} step={0.5} value={fps} onChange={(e) => setFps(e.target.value)} />}
            </Field>
            <Field label={t('cameraForm.transport')}>
              {(fid) => (
                <select id={fid} className="input" name="detect-transport" value={transport} onChange={(e) => setTransport(e.target.value === 'udp' ? 'udp' : 'tcp')}>
                  <option value="tcp">{t('cameraForm.tcp')}</option>
                  <option value="udp">{t('cameraForm.udp')}</option>
                </select>
              )}
            </Field>
          </div>
          <div className="camera-form__test">
            <button type="button" className="button" onClick={test} disabled={detectUrl.trim() === '' || (probe.state.phase === 'waiting')}>
              {t('cameraForm.test')}
            </button>
            <ProbeResult state={probe.state} />
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend className="field__label">{t('cameraForm.recordStream')}</legend>
          <Field label={t('cameraForm.recordUrl')}>
            {(fid) => (
              <input id={fid} className="input mono" name="record-url" type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="rtsp://10.0.0.21:554/main" value={recordUrl} onChange={(e) => setRecordUrl(e.target.value)} />
            )}
          </Field>
          <p className="muted small">{t('cameraForm.recordHint')}</p>
          <label className="check">
            <input type="checkbox" checked={recordSameLogin} onChange={(e) => setRecordSameLogin(e.target.checked)} />
            <span>{t('cameraForm.recordSameLogin')}</span>
          </label>
          <CredentialsNote stored={existing?.credentials.record ?? false} clearing={clearRecord} onClear={setClearRecord} />
        </fieldset>
        <Field label={t('site.note')}>
          {(fid) => <input id={fid} className="input" name="change-note" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <SaveProblems issues={issues} failure={failure} agentId={agentId} onReload={onReload} />
        <div className="form-actions">
          <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !(touched || picked) || allIssues.length > 0}>
            {busy ? t('common.saving') : t('cameraForm.save')}
          </button>
        </div>
      </form>
      {unappliedDialog}
    </section>
  );
}
