import { useTranslation } from 'react-i18next';
import { ModalDialog } from './modal-dialog.js';

const KEYS: [string, string][] = [
  ['J', 'shortcuts.next'],
  ['K', 'shortcuts.previous'],
  ['C', 'shortcuts.confirm'],
  ['D', 'shortcuts.dismiss'],
  ['Space', 'shortcuts.play'],
  ['A', 'shortcuts.toArrival'],
  ['T', 'shortcuts.toTrigger'],
  ['Z', 'shortcuts.zoom'],
  ['1–9', 'shortcuts.reason'],
  ['Enter', 'shortcuts.submit'],
  ['Esc', 'shortcuts.close'],
  ['?', 'shortcuts.toggleHelp'],
];

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ModalDialog title={t('shortcuts.title')} titleId="shortcut-help-title" onClose={onClose} className="dialog--help">
      <dl className="shortcuts">
        {KEYS.map(([key, label]) => (
          <div key={key} className="shortcuts__row">
            <dt>
              <kbd>{key === 'Space' ? t('shortcuts.spaceKey') : key}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t('common.close')}
        </button>
      </div>
    </ModalDialog>
  );
}
