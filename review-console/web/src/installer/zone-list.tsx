import { useTranslation } from 'react-i18next';
import type { ZoneConfig } from '@wardwatch/contracts/site-config';

interface ZoneListProps {
  zones: readonly ZoneConfig[];
  selected: number | null;
  /** Zone indexes that have a problem, to flag them in the list. */
  faulty: ReadonlySet<number>;
  onSelect: (index: number) => void;
  onAdd: () => void;
  onDelete: (index: number) => void;
}

/** The camera's zones: pick the one to draw and set, add one, delete one. */
export function ZoneList({ zones, selected, faulty, onSelect, onAdd, onDelete }: ZoneListProps) {
  const { t } = useTranslation();
  return (
    <div className="zone-list">
      <h3 className="zone-list__title">{t('zones.listTitle')}</h3>
      {zones.length === 0 ? <p className="muted small">{t('zones.none')}</p> : null}
      <ul className="zone-list__items">
        {zones.map((zone, index) => {
          const label = zone.name ?? zone.id;
          return (
            <li key={index} className={`zone-list__item ${index === selected ? 'zone-list__item--selected' : ''}`}>
              <button type="button" className="zone-list__pick" aria-pressed={index === selected} onClick={() => onSelect(index)}>
                <span className="zone-list__name">{label}</span>
                <span className="muted small">
                  {t('zones.pointCount', { count: zone.polygon.length })}
                  {faulty.has(index) ? <span className="badge badge--warn">{t('zones.hasProblems')}</span> : null}
                </span>
              </button>
              <button type="button" className="button button--small button--ghost" aria-label={t('zones.deleteZone', { zone: label })} onClick={() => onDelete(index)}>
                {t('common.delete')}
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="button" onClick={onAdd}>
        {t('zones.addZone')}
      </button>
    </div>
  );
}
