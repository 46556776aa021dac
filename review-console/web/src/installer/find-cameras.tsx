import type { TFunction } from 'i18next';
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiscoveryView } from '../api/types.js';
import { Field } from '../components/field.js';
import { taskProgress } from './task-progress.js';
import { useDiscovery, type DiscoveryState } from './use-probe.js';

type FoundCamera = NonNullable<DiscoveryView['cameras']>[number];
type FoundProfile = NonNullable<FoundCamera['profiles']>[number];

/** What picking a discovered camera or stream fills in the camera form. */
export interface CameraPick {
  name?: string;
  /** Where the camera answered (an id for a new camera is made from it). */
  address?: string;
  detectUrl?: string;
  recordUrl?: string;
  /** The login the search used, so the form does not ask for it twice. */
  username?: string;
  password?: string;
}

/** `host` or `host:port`, as the console accepts a search address. */
const HOST_PORT = /^[A-Za-z0-9.-]{1,253}(?::\d{1,5})?$/;

/** A pasted URL (`rtsp://10.0.0.5:554/sub`, the camera's web page) searches its host: the search has its own port. */
function hostOf(word: string): string {
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?([^/:?#]+)/i.exec(word);
  return url ? url[1]! : word;
}

/** Why a camera's streams could not be listed, in the page's words (the agent's own words for an odd answer). */
function problemWords(t: TFunction, camera: FoundCamera): string {
  if (camera.problemKind === 'unauthorized') return t('findCameras.problemLogin');
  if (camera.problemKind === 'unreachable') return t('findCameras.problemUnreachable');
  return t('findCameras.problem', { problem: camera.problem });
}

/**
 * "Find cameras": the agent asks the ONVIF cameras on its own network (WS-Discovery) and, with
 * their login, lists each one's streams. The installer picks one camera (its suggested sub-stream
 * for detection, main stream for evidence) or single streams, and the form is filled in; a camera
 * without ONVIF is still typed by its RTSP address.
 */
export function FindCameras({ agentId, onPick }: { agentId: string; onPick: (pick: CameraPick) => void }) {
  const { t } = useTranslation();
  const discovery = useDiscovery(agentId);
  const [open, setOpen] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [address, setAddress] = useState('');
  const waiting = discovery.state.phase === 'waiting';

  const [badAddress, setBadAddress] = useState<string | null>(null);
  const search = () => {
    if (waiting) return;
    const targets = address.split(/[\s,;]+/).filter((a) => a !== '').map(hostOf);
    const bad = targets.find((a) => !HOST_PORT.test(a));
    setBadAddress(bad ?? null);
    if (bad !== undefined) return;
    discovery.start({ ...(username !== '' ? { user: username, password } : {}), ...(targets.length > 0 ? { targets } : {}) });
  };
  const searchOnEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter here searches; it must not submit the camera form around it.
    if (event.key !== 'Enter') return;
    event.preventDefault();
    search();
  };
  const pick = (fill: CameraPick) => onPick({ ...fill, ...(username !== '' ? { username, password } : {}) });

  if (!open) {
    return (
      <div className="find-cameras">
        <button type="button" className="button" onClick={() => setOpen(true)}>
          {t('findCameras.open')}
        </button>
        <span className="muted small">{t('findCameras.openHint')}</span>
      </div>
    );
  }
  return (
    // Typing a search is not editing the camera: the form around must not start showing its problems.
    <fieldset className="fieldset find-cameras find-cameras--open" onChange={(e) => e.stopPropagation()}>
      <legend className="field__label">{t('findCameras.title')}</legend>
      <p className="muted small">{t('findCameras.explain')}</p>
      <div className="form-grid">
        <Field label={t('findCameras.username')}>
          {(fid) => <input id={fid} className="input" name="discovery-username" autoComplete="off" spellCheck={false} value={username} onKeyDown={searchOnEnter} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('findCameras.password')}>
          {(fid) => <input id={fid} className="input" name="discovery-password" type="password" autoComplete="new-password" value={password} onKeyDown={searchOnEnter} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field label={t('findCameras.address')}>
          {(fid) => (
            <input id={fid} className="input mono" name="discovery-address" autoComplete="off" spellCheck={false} placeholder="10.0.5.21" aria-describedby="discovery-address-hint" value={address} onKeyDown={searchOnEnter} onChange={(e) => setAddress(e.target.value)} />
          )}
        </Field>
      </div>
      <p id="discovery-address-hint" className="muted small">
        {t('findCameras.addressHint')}
      </p>
      {badAddress !== null ? (
        <p className="probe probe--failed" role="alert" data-testid="discovery-bad-address">
          {t('findCameras.badAddress', { address: badAddress })}
        </p>
      ) : null}
      <div className="form-actions form-actions--start">
        <button type="button" className="button button--primary" onClick={search} disabled={waiting}>
          {waiting ? t('findCameras.searching') : t('findCameras.search')}
        </button>
        <button type="button" className="button button--ghost" onClick={() => setOpen(false)}>
          {t('common.close')}
        </button>
      </div>
      {/* A refused address is not what the earlier answer was for: it is not shown under it. */}
      {badAddress === null ? <DiscoveryOutcome state={discovery.state} withLogin={username !== ''} onPick={pick} /> : null}
    </fieldset>
  );
}

function DiscoveryOutcome({ state, withLogin, onPick }: { state: DiscoveryState; withLogin: boolean; onPick: (pick: CameraPick) => void }) {
  const { t } = useTranslation();
  const progress = taskProgress(state, { starting: t('findCameras.starting'), waitingAgent: t('findCameras.waitingAgent') });
  if (progress !== undefined || state.phase !== 'done') return progress;
  const { view } = state;
  if (view.state !== 'ok' || view.cameras === null) {
    const reason = view.state === 'expired' || view.state === 'pending' ? t('findCameras.expired') : (view.error ?? t('probe.failedUnknown'));
    return (
      <div className="probe probe--failed" role="alert">
        <p className="probe__title">{t('findCameras.failed')}</p>
        <p data-testid="discovery-error">{reason}</p>
      </div>
    );
  }
  if (view.cameras.length === 0) {
    return (
      <p className="probe" role="status" data-testid="discovery-none">
        {t('findCameras.none')}
      </p>
    );
  }
  return (
    <div role="status">
      <p className="probe__title">{t('findCameras.found', { count: view.cameras.length })}</p>
      <ul className="found-cameras">
        {view.cameras.map((camera) => (
          <FoundCameraItem key={camera.endpoint} camera={camera} withLogin={withLogin} onPick={onPick} />
        ))}
      </ul>
    </div>
  );
}

function FoundCameraItem({ camera, withLogin, onPick }: { camera: FoundCamera; withLogin: boolean; onPick: (pick: CameraPick) => void }) {
  const { t } = useTranslation();
  const title = camera.name ?? camera.address;
  const profiles = camera.profiles ?? [];
  const byToken = (token: string | undefined) => profiles.find((p) => p.token === token);
  const detect = byToken(camera.suggested?.detect);
  const record = byToken(camera.suggested?.record);
  const role = (p: FoundProfile) => [p === detect ? t('findCameras.forDetect') : null, p === record ? t('findCameras.forRecord') : null].filter((r) => r !== null).join(', ');
  return (
    <li className="found-camera" data-endpoint={camera.endpoint}>
      <div className="found-camera__head">
        <strong>{title}</strong>
        <span className="muted small">
          {[camera.hardware, camera.address].filter(Boolean).join(' · ')}
        </span>
        {detect ? (
          <button type="button" className="button button--small button--primary" aria-label={t('findCameras.useCameraOf', { camera: title })} onClick={() => onPick({ ...(camera.name ? { name: camera.name } : {}), address: camera.address, detectUrl: detect.rtspUrl, ...(record && record !== detect ? { recordUrl: record.rtspUrl } : {}) })}>
            {t('findCameras.useCamera')}
          </button>
        ) : null}
      </div>
      {camera.problem ? <p className="small probe--failed found-camera__problem">{problemWords(t, camera)}</p> : null}
      {!camera.problem && profiles.length === 0 ? <p className="muted small">{withLogin ? t('findCameras.noStreams') : t('findCameras.needLogin')}</p> : null}
      {profiles.length > 0 ? (
        <div className="table-wrap">
          <table className="table table--compact">
            <caption className="visually-hidden">{t('findCameras.streamsOf', { camera: title })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('findCameras.stream')}</th>
                <th scope="col">{t('probe.codec')}</th>
                <th scope="col">{t('probe.resolution')}</th>
                <th scope="col" className="num">{t('probe.fps')}</th>
                <th scope="col">{t('findCameras.streamUrl')}</th>
                <th scope="col">{t('agent.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <tr key={p.token} data-profile={p.token}>
                  <th scope="row">
                    {p.name}
                    {role(p) ? <span className="badge badge--info block-badge">{role(p)}</span> : null}
                  </th>
                  <td>{p.codec}</td>
                  <td>{p.width > 0 ? `${p.width}×${p.height}` : t('common.none')}</td>
                  <td className="num">{p.fps ?? t('common.none')}</td>
                  <td className="mono small">{p.rtspUrl}</td>
                  <td className="table__actions">
                    <button type="button" className="button button--small" aria-label={t('findCameras.useForDetectOf', { stream: p.name, camera: title })} onClick={() => onPick({ detectUrl: p.rtspUrl })}>
                      {t('findCameras.useForDetect')}
                    </button>
                    <button type="button" className="button button--small" aria-label={t('findCameras.useForRecordOf', { stream: p.name, camera: title })} onClick={() => onPick({ recordUrl: p.rtspUrl })}>
                      {t('findCameras.useForRecord')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </li>
  );
}
