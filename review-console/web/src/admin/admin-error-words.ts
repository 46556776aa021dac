import type { TFunction } from 'i18next';
import { isApiError } from '../api/api-error.js';
import { errorWords } from '../format/error-words.js';

/** What the admin was doing when the server said no: the same code means different things per call. */
export type AdminCall =
  | { kind: 'createUser'; username: string }
  | { kind: 'updateUser'; username: string }
  | { kind: 'saveWard' }
  | { kind: 'createDistrict'; id: string };

/** Fields the server names in a refused request's details (`password: must be ...`), with their sentence. */
const FIELD_WORDS = ['username', 'password', 'id', 'name', 'wards', 'districtId'] as const;
type KnownField = (typeof FIELD_WORDS)[number];

function fieldOf(line: string): KnownField | null {
  const field = /^([A-Za-z]+)/.exec(line)?.[1];
  return (FIELD_WORDS as readonly string[]).includes(field ?? '') ? (field as KnownField) : null;
}

/**
 * A refusal from the admin API in the admin's language. Decided on the error code and the call,
 * never on the server's English message: a user change can only conflict when it would leave no
 * enabled admin (AdminService.updateUser), a new user only on a taken username, a new district
 * only on an id in use.
 */
export function adminErrorWords(t: TFunction, error: unknown, call: AdminCall): string {
  if (!isApiError(error)) return errorWords(t, error);
  if (error.code === 'conflict') {
    switch (call.kind) {
      case 'updateUser':
        return t('admin.errors.lastAdmin', { username: call.username });
      case 'createUser':
        return t('admin.errors.usernameTaken', { username: call.username });
      case 'createDistrict':
        return t('admin.errors.districtExists', { id: call.id });
      case 'saveWard':
        break;
    }
  }
  if (error.code === 'not_found' && call.kind === 'updateUser') return t('admin.errors.userGone');
  if (error.code === 'invalid_request') {
    const fields = error.details.map(fieldOf);
    if (fields.length > 0 && fields.every((field): field is KnownField => field !== null)) {
      return [...new Set(fields.map((field) => (field === 'districtId' ? 'wards' : field)))].map((field) => t(`admin.errors.${field}`)).join(' ');
    }
    // Checks the service makes itself (an officer without a ward, a ward that is gone) carry no details.
    if (error.details.length === 0 && (call.kind === 'createUser' || call.kind === 'updateUser')) return t('admin.errors.wards');
  }
  return errorWords(t, error);
}
