import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DecisionRequest, ViolationDetail } from '../api/types.js';
import { AnnotatedSnapshot } from '../components/annotated-snapshot.js';
import { CaseFacts } from '../components/case-facts.js';
import { apiFilterOf, filterKey, filterParams, filterQueryOf } from '../components/case-filter.js';
import { DecisionDialog } from '../components/decision-dialog.js';
import { DecisionTrail } from '../components/decision-trail.js';
import type { Decision } from '../components/decision-reasons.js';
import { ErrorBanner } from '../components/error-banner.js';
import { seekVideo, triggerViewSeconds } from '../components/clip-marks.js';
import { EvidenceVideo } from '../components/evidence-video.js';
import { flash } from '../components/flash.js';
import { forgetCase, rememberedQueue, rememberQueue } from '../components/queue-order.js';
import { PurgedEvidence } from '../components/purged-evidence.js';
import { ReopenDialog } from '../components/reopen-dialog.js';
import { ShortcutHelp } from '../components/shortcut-help.js';
import { SnapshotViewer } from '../components/snapshot-viewer.js';
import { useAsync } from '../components/use-async.js';
import { useCaseShortcuts } from '../components/use-case-shortcuts.js';
import { ruleInWords } from '../format/case-words.js';
import { Link } from '../router/link.js';
import { hrefOf, navigate } from '../router/location.js';
import { useApi, useMe } from '../session/session-context.js';

/** How far ahead J can go without another request; the queue screen pages beyond this. */
const NAV_WINDOW = 200;

type Overlay = { kind: 'decide'; decision: Decision } | { kind: 'help' } | { kind: 'reopen' } | { kind: 'snapshot' } | null;

export function CaseScreen({ caseId, query }: { caseId: string; query: URLSearchParams }) {
  const { t } = useTranslation();
  const api = useApi();
  const me = useMe();
  const filter = filterQueryOf(query);
  const carried = filterParams(query);
  const detailState = useAsync(() => api.violation(caseId), caseId);
  const queueKey = filterKey(filter);
  const queueState = useAsync(async () => {
    const page = await api.listViolations({ ...apiFilterOf(filter), status: 'pending', order: 'asc', limit: NAV_WINDOW });
    rememberQueue(queueKey, page.items.map((i) => i.id));
    return page.items.map((i) => i.id);
  }, queueKey);
  const [detailOverride, setDetailOverride] = useState<ViolationDetail | null>(null);
  const [overlay, setOverlay] = useState<Overlay>(null);
  const video = useRef<HTMLVideoElement>(null);

  const detail = detailOverride ?? detailState.data;
  const ids = queueState.data ?? rememberedQueue(queueKey) ?? [];
  const index = ids.indexOf(caseId);
  const nextId = index >= 0 ? ids[index + 1] : ids[0];
  const previousId = index > 0 ? ids[index - 1] : undefined;
  const pending = detail?.status === 'pending';
  // A purged case has no evidence left to look at again; the server refuses to reopen it too.
  const canReopen = detail !== undefined && !pending && !detail.purged && (me.user.role === 'supervisor' || me.user.role === 'admin');

  const open = (id: string | undefined) => {
    if (id) navigate(hrefOf(`/cases/${encodeURIComponent(id)}`, carried));
  };
  const queueHref = hrefOf('/queue', carried);

  useCaseShortcuts({
    next: () => open(nextId),
    previous: () => open(previousId),
    confirm: () => pending && setOverlay({ kind: 'decide', decision: 'confirmed' }),
    dismiss: () => pending && setOverlay({ kind: 'decide', decision: 'dismissed' }),
    togglePlay: () => {
      const v = video.current;
      if (v) void (v.paused ? v.play().catch(() => undefined) : v.pause());
    },
    toggleHelp: () => setOverlay((o) => (o?.kind === 'help' ? null : { kind: 'help' })),
    zoom: () => detail && !detail.purged && setOverlay({ kind: 'snapshot' }),
    toArrival: () => {
      const marks = detail?.clip?.marks;
      if (marks) seekVideo(video.current, marks.startedSeconds);
    },
    toTrigger: () => {
      const marks = detail?.clip?.marks;
      if (marks) seekVideo(video.current, triggerViewSeconds(marks));
    },
  });

  const decide = async (request: DecisionRequest) => {
    await api.decide(caseId, request);
    forgetCase(caseId);
    // The next case opens by itself: the one after this in the queue, else the one before.
    const following = index >= 0 ? (ids[index + 1] ?? ids[index - 1]) : ids.find((id) => id !== caseId);
    setOverlay(null);
    if (following) {
      flash(t('caseView.saved'));
      navigate(hrefOf(`/cases/${encodeURIComponent(following)}`, carried), { replace: true });
    } else {
      flash(carried.size > 0 ? t('caseView.filterDone') : t('caseView.queueDone'));
      navigate(queueHref, { replace: true });
    }
  };

  const reopen = async (reason: string) => {
    setDetailOverride(await api.reopen(caseId, reason));
    setOverlay(null);
    flash(t('history.reopened'));
    queueState.reload();
  };

  if (!detail) {
    return (
      <section className="screen">
        <Link to={queueHref} className="back-link">
          ← {t('caseView.back')}
        </Link>
        {detailState.error ? <ErrorBanner error={detailState.error} onRetry={detailState.reload} /> : <p role="status">{t('common.loading')}</p>}
      </section>
    );
  }

  const words = ruleInWords(t, detail);
  const snapshotAlt = t('caseView.snapshotAlt', { rule: t(`rules.${detail.ruleType}`), camera: detail.cameraName });
  const wardName = me.user.wards.find((w) => w.id === detail.ward)?.name ?? detail.ward;
  return (
    <section className="case" aria-labelledby="case-title" data-case-id={detail.id}>
      <div className="case__head">
        <Link to={queueHref} className="back-link">
          ← {t('caseView.back')}
        </Link>
        <h1 id="case-title" className="case__title">
          <span className={`rule-dot rule-dot--${detail.ruleType}`} aria-hidden="true" />
          {words}
        </h1>
        <p className="case__sub">
          {t('zone', { zone: detail.zoneName ?? detail.zoneId })}
          {index >= 0 ? <span className="case__position"> · {t('caseView.position', { index: index + 1, total: ids.length })}</span> : null}
        </p>
        <div className="case__nav">
          <button type="button" className="button button--small" onClick={() => open(previousId)} disabled={!previousId}>
            <kbd aria-hidden="true">K</kbd> {t('caseView.previous')}
          </button>
          <button type="button" className="button button--small" onClick={() => open(nextId)} disabled={!nextId || nextId === caseId}>
            {t('caseView.next')} <kbd aria-hidden="true">J</kbd>
          </button>
          <button type="button" className="button button--small button--ghost case__shortcuts-hint" onClick={() => setOverlay({ kind: 'help' })} aria-keyshortcuts="?">
            {t('shortcuts.help')}
          </button>
        </div>
      </div>
      <div className="case__body">
        <div className="case__media">
          {detail.purged ? <PurgedEvidence purgedAt={detail.purgedAt} /> : <EvidenceVideo ref={video} src={detail.clipUrl} label={t('caseView.clip')} marks={detail.clip?.marks ?? null} />}
          {detail.clip?.shortfall ? (
            <p className="banner banner--warning" role="note" data-testid="clip-shortfall">
              {detail.clip.shortfall.kind === 'still'
                ? t('caseView.shortfall.still')
                : t('caseView.shortfall.partial', { covered: Math.round(detail.clip.shortfall.coveredSeconds), wanted: Math.round(detail.clip.shortfall.wantedSeconds) })}
            </p>
          ) : null}
        </div>
        <aside className="case__side" aria-label={t('caseView.facts')}>
          {pending ? (
            <div className="decide">
              <button type="button" className="button button--confirm button--block" onClick={() => setOverlay({ kind: 'decide', decision: 'confirmed' })} aria-keyshortcuts="C">
                {t('caseView.confirm')} <kbd aria-hidden="true">C</kbd>
              </button>
              <button type="button" className="button button--dismiss button--block" onClick={() => setOverlay({ kind: 'decide', decision: 'dismissed' })} aria-keyshortcuts="D">
                {t('caseView.dismiss')} <kbd aria-hidden="true">D</kbd>
              </button>
            </div>
          ) : canReopen ? (
            <button type="button" className="button button--block" onClick={() => setOverlay({ kind: 'reopen' })}>
              {t('history.reopen')}
            </button>
          ) : null}
          {detail.purged ? null : <AnnotatedSnapshot detail={detail} alt={snapshotAlt} onOpen={() => setOverlay({ kind: 'snapshot' })} />}
          <CaseFacts detail={detail} wardName={wardName} />
          <DecisionTrail detail={detail} />
        </aside>
      </div>
      {overlay?.kind === 'decide' ? <DecisionDialog decision={overlay.decision} rule={detail.ruleType} onSubmit={decide} onClose={() => setOverlay(null)} /> : null}
      {overlay?.kind === 'help' ? <ShortcutHelp onClose={() => setOverlay(null)} /> : null}
      {overlay?.kind === 'snapshot' ? <SnapshotViewer detail={detail} alt={snapshotAlt} onClose={() => setOverlay(null)} /> : null}
      {overlay?.kind === 'reopen' ? <ReopenDialog onSubmit={reopen} onClose={() => setOverlay(null)} /> : null}
    </section>
  );
}
