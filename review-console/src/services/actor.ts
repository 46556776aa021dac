import type { Role } from '../api/api-types.js';

/** The signed-in user as every service sees them. */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  /** Wards assigned directly (officers; optional extra wards for supervisors). */
  wards: string[];
  districtId: string | null;
}

export function isSupervisorOrAbove(actor: Actor): boolean {
  return actor.role === 'supervisor' || actor.role === 'admin';
}
