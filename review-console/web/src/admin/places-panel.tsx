import { useTranslation } from 'react-i18next';
import type { District, Ward } from '../../../src/api/api-types.js';
import { AddDistrictForm, AddWardForm } from './place-forms.js';

interface PlacesPanelProps {
  wards: readonly Ward[];
  districts: readonly District[];
  onSaved: (message: string) => void;
}

/** The wards (with their district) and districts users are given, and the forms that add them. */
export function PlacesPanel({ wards, districts, onSaved }: PlacesPanelProps) {
  const { t } = useTranslation();
  const districtName = (id: string | null) => (id === null ? t('admin.places.noDistrict') : (districts.find((d) => d.id === id)?.name ?? id));
  const wardName = (id: string) => wards.find((w) => w.id === id)?.name ?? id;
  return (
    <section className="panel" aria-labelledby="places-title">
      <h2 id="places-title" className="panel__title">
        {t('admin.places.title')}
      </h2>
      <div className="admin-places">
        <div className="admin-places__column">
          <h3 className="admin-places__title">{t('admin.places.wardsTitle')}</h3>
          {wards.length === 0 ? (
            <p className="muted">{t('admin.places.noWards')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table table--compact" aria-label={t('admin.places.wardsTitle')}>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.places.columns.name')}</th>
                    <th scope="col">{t('admin.places.columns.id')}</th>
                    <th scope="col">{t('admin.places.columns.district')}</th>
                  </tr>
                </thead>
                <tbody>
                  {wards.map((ward) => (
                    <tr key={ward.id} data-ward-id={ward.id}>
                      <th scope="row">{ward.name}</th>
                      <td className="mono small">{ward.id}</td>
                      <td>{districtName(ward.districtId)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <AddWardForm districts={districts} onSaved={(name) => onSaved(t('admin.places.wardSaved', { name }))} />
        </div>
        <div className="admin-places__column">
          <h3 className="admin-places__title">{t('admin.places.districtsTitle')}</h3>
          {districts.length === 0 ? (
            <p className="muted">{t('admin.places.noDistricts')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table table--compact" aria-label={t('admin.places.districtsTitle')}>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.places.columns.name')}</th>
                    <th scope="col">{t('admin.places.columns.id')}</th>
                    <th scope="col">{t('admin.places.columns.wards')}</th>
                  </tr>
                </thead>
                <tbody>
                  {districts.map((district) => (
                    <tr key={district.id} data-district-id={district.id}>
                      <th scope="row">{district.name}</th>
                      <td className="mono small">{district.id}</td>
                      <td>{district.wards.length === 0 ? t('common.none') : district.wards.map(wardName).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <AddDistrictForm onSaved={(name) => onSaved(t('admin.places.districtSaved', { name }))} />
        </div>
      </div>
      <p className="muted small">{t('admin.places.addWardHint')}</p>
    </section>
  );
}
