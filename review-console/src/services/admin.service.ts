import type { CreateDistrictRequest, CreateUserRequest, CreateWardRequest, District, UpdateUserRequest, UserSummary, Ward } from '../api/api-types.js';
import { hashPassword } from '../auth/password.js';
import { Conflict, InvalidInput, NotFound } from '../domain/errors.js';
import type { AuditRepository } from '../repositories/audit.repository.js';
import type { SessionRepository } from '../repositories/session.repository.js';
import type { UserRepository, UserWithWards } from '../repositories/user.repository.js';
import type { WardRepository } from '../repositories/ward.repository.js';
import type { Actor } from './actor.js';
import { newUserId } from './auth.service.js';

function toUserSummary(user: UserWithWards): UserSummary {
  return { id: user.id, username: user.username, role: user.role as UserSummary['role'], wards: user.wards, districtId: user.district_id, disabled: user.disabled !== 0, createdAt: user.created_at };
}

/** Users, wards and districts. Callers check the admin role (the CLI runs as the machine's owner). */
export class AdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly wards: WardRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditRepository,
    private readonly clock: () => Date,
  ) {}

  async listUsers(): Promise<UserSummary[]> {
    return (await this.users.list()).map(toUserSummary);
  }

  async createUser(actor: Actor | null, request: CreateUserRequest): Promise<UserSummary> {
    if (await this.users.findByUsername(request.username)) throw new Conflict(`the username ${request.username} is taken`);
    await this.checkWardsAndDistrict(request.wards, request.districtId ?? null);
    if (request.role === 'officer' && request.wards.length === 0) throw new InvalidInput('an officer needs at least one ward');
    if (request.role === 'supervisor' && !request.districtId && request.wards.length === 0) throw new InvalidInput('a supervisor needs a district or at least one ward');
    const now = this.clock().toISOString();
    const id = newUserId();
    await this.users.insert(
      { id, username: request.username, password_hash: await hashPassword(request.password), role: request.role, district_id: request.districtId ?? null, disabled: 0, created_at: now },
      [...new Set(request.wards)],
    );
    const created = await this.users.findById(id);
    if (!created) throw new Error('user vanished after insert');
    const summary = toUserSummary(created);
    await this.audit.append({ at: now, actor, action: 'user_created', after: summary });
    return summary;
  }

  async updateUser(actor: Actor | null, id: string, request: UpdateUserRequest): Promise<UserSummary> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('no such user');
    await this.checkWardsAndDistrict(request.wards ?? [], request.districtId ?? null);
    const before = toUserSummary(user);
    // Nobody could then add users, wards or admins again but someone with a shell on the console.
    const leavesAdmins = (request.disabled === true || (request.role !== undefined && request.role !== 'admin')) && user.role === 'admin' && user.disabled === 0;
    if (leavesAdmins && !(await this.users.list()).some((u) => u.id !== id && u.role === 'admin' && u.disabled === 0)) {
      throw new Conflict(`${user.username} is the last enabled admin; make another user admin first`);
    }
    await this.users.update(
      id,
      {
        ...(request.role !== undefined ? { role: request.role } : {}),
        ...(request.districtId !== undefined ? { district_id: request.districtId } : {}),
        ...(request.disabled !== undefined ? { disabled: request.disabled ? 1 : 0 } : {}),
        ...(request.password !== undefined ? { password_hash: await hashPassword(request.password) } : {}),
      },
      request.wards === undefined ? undefined : [...new Set(request.wards)],
    );
    // A changed password, role or ward list takes effect now, not when old sessions expire.
    if (request.password !== undefined || request.disabled === true || request.role !== undefined || request.wards !== undefined) await this.sessions.removeForUser(id);
    const after = await this.users.findById(id);
    if (!after) throw new NotFound('no such user');
    const summary = toUserSummary(after);
    await this.audit.append({ at: this.clock().toISOString(), actor, action: 'user_updated', before, after: { ...summary, passwordChanged: request.password !== undefined } });
    return summary;
  }

  async listWards(): Promise<Ward[]> {
    return (await this.wards.listWards()).map((w) => ({ id: w.id, name: w.name, districtId: w.district_id, createdAt: w.created_at }));
  }

  /** Creates the ward, or renames / regroups it when it exists (so `wards add` can be re-run). */
  async upsertWard(actor: Actor | null, request: CreateWardRequest): Promise<{ ward: Ward; created: boolean }> {
    const now = this.clock().toISOString();
    const districtId = request.districtId ?? null;
    if (districtId !== null && !(await this.wards.getDistrict(districtId))) await this.wards.insertDistrict({ id: districtId, name: districtId, created_at: now });
    const existing = await this.wards.getWard(request.id);
    if (existing) await this.wards.updateWard(request.id, { name: request.name, district_id: districtId });
    else await this.wards.insertWard({ id: request.id, name: request.name, district_id: districtId, created_at: now });
    await this.audit.append({ at: now, actor, action: 'ward_created', ward: request.id, after: request });
    const ward = await this.wards.getWard(request.id);
    if (!ward) throw new Error('ward vanished after insert');
    return { ward: { id: ward.id, name: ward.name, districtId: ward.district_id, createdAt: ward.created_at }, created: !existing };
  }

  async listDistricts(): Promise<District[]> {
    const [districts, wards] = [await this.wards.listDistricts(), await this.wards.listWards()];
    return districts.map((d) => ({ id: d.id, name: d.name, createdAt: d.created_at, wards: wards.filter((w) => w.district_id === d.id).map((w) => w.id) }));
  }

  async createDistrict(actor: Actor | null, request: CreateDistrictRequest): Promise<District> {
    if (await this.wards.getDistrict(request.id)) throw new Conflict(`the district ${request.id} exists`);
    const now = this.clock().toISOString();
    await this.wards.insertDistrict({ id: request.id, name: request.name, created_at: now });
    await this.audit.append({ at: now, actor, action: 'district_created', after: request });
    return { id: request.id, name: request.name, wards: [], createdAt: now };
  }

  private async checkWardsAndDistrict(wards: readonly string[], districtId: string | null): Promise<void> {
    const known = new Set((await this.wards.listWards()).map((w) => w.id));
    const unknown = wards.filter((w) => !known.has(w));
    if (unknown.length > 0) throw new InvalidInput(`unknown ward: ${unknown.join(', ')}`);
    if (districtId !== null && !(await this.wards.getDistrict(districtId))) throw new InvalidInput(`unknown district: ${districtId}`);
  }
}
