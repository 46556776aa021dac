import { Forbidden, NotFound } from '../domain/errors.js';
import type { WardRepository } from '../repositories/ward.repository.js';
import type { Actor } from './actor.js';

/**
 * Who may see which ward's cases. Officers: their wards. Supervisors: every ward of their
 * district plus any assigned directly. Admins: all. Installers: no case data at all.
 */
export class AccessService {
  constructor(private readonly wards: WardRepository) {}

  /** null means every ward. */
  async caseWards(actor: Actor): Promise<string[] | null> {
    switch (actor.role) {
      case 'admin':
        return null;
      case 'installer':
        throw new Forbidden('installers manage cameras and agents and cannot see case data');
      case 'supervisor': {
        const district = actor.districtId ? await this.wards.wardsOfDistrict(actor.districtId) : [];
        return [...new Set([...district, ...actor.wards])].sort();
      }
      case 'officer':
        return [...actor.wards];
    }
  }

  /** Wards whose cameras the actor may watch: installers see every camera. */
  async cameraWards(actor: Actor): Promise<string[] | null> {
    return actor.role === 'installer' ? null : this.caseWards(actor);
  }

  /** Narrows to one requested ward; a ward outside the scope reads as not found. */
  async narrow(actor: Actor, requested: string | undefined): Promise<string[] | null> {
    const scope = await this.caseWards(actor);
    if (requested === undefined) return scope;
    if (scope !== null && !scope.includes(requested)) throw new NotFound('no such ward');
    return [requested];
  }

  async assertCanSeeWard(actor: Actor, ward: string, what = 'case'): Promise<void> {
    const scope = await this.caseWards(actor);
    if (scope !== null && !scope.includes(ward)) throw new NotFound(`no such ${what}`);
  }
}

export function requireRole(actor: Actor, roles: readonly Actor['role'][], what: string): void {
  if (!roles.includes(actor.role)) throw new Forbidden(`your role (${actor.role}) cannot ${what}`);
}
