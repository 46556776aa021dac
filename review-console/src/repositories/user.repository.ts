import type { Db, UserTable } from '../db/tables.js';

export interface UserWithWards extends UserTable {
  wards: string[];
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async findByUsername(username: string): Promise<UserWithWards | undefined> {
    const user = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return user ? { ...user, wards: await this.wardsOf(user.id) } : undefined;
  }

  async findById(id: string): Promise<UserWithWards | undefined> {
    const user = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return user ? { ...user, wards: await this.wardsOf(user.id) } : undefined;
  }

  async list(): Promise<UserWithWards[]> {
    const users = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    const links = await this.db.selectFrom('user_wards').selectAll().execute();
    return users.map((u) => ({ ...u, wards: links.filter((l) => l.user_id === u.id).map((l) => l.ward_id).sort() }));
  }

  async insert(user: UserTable, wards: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(user).execute();
      if (wards.length > 0) await trx.insertInto('user_wards').values(wards.map((w) => ({ user_id: user.id, ward_id: w }))).execute();
    });
  }

  async update(id: string, changes: Partial<Pick<UserTable, 'role' | 'district_id' | 'disabled' | 'password_hash'>>, wards?: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (Object.keys(changes).length > 0) await trx.updateTable('users').set(changes).where('id', '=', id).execute();
      if (wards !== undefined) {
        await trx.deleteFrom('user_wards').where('user_id', '=', id).execute();
        if (wards.length > 0) await trx.insertInto('user_wards').values(wards.map((w) => ({ user_id: id, ward_id: w }))).execute();
      }
    });
  }

  private async wardsOf(userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('user_wards').select('ward_id').where('user_id', '=', userId).orderBy('ward_id').execute();
    return rows.map((r) => r.ward_id);
  }
}
