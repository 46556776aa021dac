import type { TFunction } from 'i18next';
import { isApiError } from '../api/api-error.js';

/** What went wrong, in words an officer understands; the server's words only as a last resort. */
export function errorWords(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.unknown', { code: error instanceof Error ? error.name : 'error' });
  switch (error.code) {
    case 'network':
      return t('errors.network');
    case 'unauthenticated':
      return t('errors.unauthenticated');
    case 'forbidden':
      return t('errors.forbidden');
    case 'csrf_failed':
      return t('errors.csrf_failed');
    case 'not_found':
      return t('errors.not_found');
    case 'conflict':
      return t('errors.conflict');
    case 'too_many_attempts':
      return error.retryAfterSeconds === null ? t('errors.too_many_attempts_generic') : t('errors.too_many_attempts', { seconds: error.retryAfterSeconds });
    case 'invalid_request':
    case 'malformed_json':
    case 'body_too_large': {
      // The server's details are English lines for developers: shown to an English reader only,
      // never in the Vietnamese UI (screens that can be refused word their own problems).
      const details = error.details.length > 0 && t('language.code') === 'en' ? ` (${error.details.join('; ')})` : '';
      return `${t('errors.invalid_request')}${details}`;
    }
    default:
      return error.status >= 500 ? t('errors.server') : t('errors.unknown', { code: error.code });
  }
}
