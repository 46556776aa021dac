import { randomBytes } from 'node:crypto';
import type { Role } from '../api/api-types.js';
import type { ConsoleServices } from '../services/console-services.js';

/** Demo wards in central Hanoi, grouped into two demo districts. */
export const DEMO_WARDS = [
  { id: 'hoan-kiem', name: 'Phường Hoàn Kiếm', districtId: 'trung-tam' },
  { id: 'cua-nam', name: 'Phường Cửa Nam', districtId: 'trung-tam' },
  { id: 'ba-dinh', name: 'Phường Ba Đình', districtId: 'trung-tam' },
  { id: 'tay-ho', name: 'Phường Tây Hồ', districtId: 'phia-tay' },
] as const;

export const DEMO_DISTRICTS: readonly { id: string; name: string }[] = [
  { id: 'trung-tam', name: 'Quận Trung tâm' },
  { id: 'phia-tay', name: 'Quận phía Tây' },
];

export const DEMO_USERS: readonly { username: string; role: Role; wards: string[]; districtId: string | null }[] = [
  { username: 'admin', role: 'admin', wards: [], districtId: null },
  { username: 'giamsat', role: 'supervisor', wards: [], districtId: 'trung-tam' },
  { username: 'canbo.hoankiem', role: 'officer', wards: ['hoan-kiem'], districtId: null },
  { username: 'canbo.cuanam', role: 'officer', wards: ['cua-nam'], districtId: null },
  { username: 'canbo.tayho', role: 'officer', wards: ['tay-ho'], districtId: null },
  { username: 'lapdat', role: 'installer', wards: [], districtId: null },
];

export interface SeededCredential {
  username: string;
  role: Role;
  /** null when the user already existed (their password was left alone). */
  password: string | null;
}

/** Creates what is missing; never changes an existing user's password. */
export async function seedDemo(services: ConsoleServices, options: { password?: string } = {}): Promise<SeededCredential[]> {
  // Districts first, by name: a ward naming an unknown district would create it named by its id.
  const districts = new Set((await services.admin.listDistricts()).map((d) => d.id));
  for (const district of DEMO_DISTRICTS) if (!districts.has(district.id)) await services.admin.createDistrict(null, district);
  for (const ward of DEMO_WARDS) await services.admin.upsertWard(null, { id: ward.id, name: ward.name, districtId: ward.districtId });
  const existing = new Set((await services.admin.listUsers()).map((u) => u.username));
  const out: SeededCredential[] = [];
  for (const user of DEMO_USERS) {
    if (existing.has(user.username)) {
      out.push({ username: user.username, role: user.role, password: null });
      continue;
    }
    const password = options.password ?? randomBytes(9).toString('base64url');
    await services.admin.createUser(null, { username: user.username, role: user.role, wards: user.wards, districtId: user.districtId, password });
    out.push({ username: user.username, role: user.role, password });
  }
  return out;
}
