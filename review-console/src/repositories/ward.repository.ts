import type { Db, DistrictTable, WardTable } from '../db/tables.js';

export class WardRepository {
  constructor(private readonly db: Db) {}

  listWards(): Promise<WardTable[]> {
    return this.db.selectFrom('wards').selectAll().orderBy('id').execute();
  }

  getWard(id: string): Promise<WardTable | undefined> {
    return this.db.selectFrom('wards').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async wardsOfDistrict(districtId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('wards').select('id').where('district_id', '=', districtId).execute();
    return rows.map((r) => r.id);
  }

  async insertWard(ward: WardTable): Promise<void> {
    await this.db.insertInto('wards').values(ward).execute();
  }

  async updateWard(id: string, changes: { name?: string; district_id?: string | null }): Promise<void> {
    await this.db.updateTable('wards').set(changes).where('id', '=', id).execute();
  }

  listDistricts(): Promise<DistrictTable[]> {
    return this.db.selectFrom('districts').selectAll().orderBy('id').execute();
  }

  getDistrict(id: string): Promise<DistrictTable | undefined> {
    return this.db.selectFrom('districts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertDistrict(district: DistrictTable): Promise<void> {
    await this.db.insertInto('districts').values(district).execute();
  }
}
