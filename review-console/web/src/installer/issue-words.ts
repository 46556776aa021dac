import type { TFunction } from 'i18next';
import { cameraSchema, ZONE_MESSAGES } from '@wardwatch/contracts/site-config';
import type { z } from 'zod';

/*
 * The shared camera schema's problems in the installer's language. The schema words its messages
 * in English for logs and the API; the editor words each problem from what it is (zod's issue
 * code, or which of the schema's own messages it carries) and names the field as a person would:
 * "Vùng “Cổng chợ” › Đường bao: cần ít nhất 3 điểm", not `zones[0].polygon: a polygon needs...`.
 */

export interface CameraIssue {
  /** The problem in words, field first. */
  text: string;
  /** The zone it is in (its index), so the zone list can mark it; null for the camera itself. */
  zone: number | null;
}

interface NamedCamera {
  zones?: readonly { name?: string | undefined }[] | undefined;
}

/** The schema's own custom messages, by the key the editor words them with. */
const MESSAGE_KEYS: [RegExp, string][] = [
  ...Object.entries(ZONE_MESSAGES).map(([key, message]): [RegExp, string] => [new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), key]),
  [/^a zone needs at least one rule$/, 'noRules'],
  [/^must be an rtsp:\/\//, 'streamUrl'],
  [/^must be 1-64 lowercase letters/, 'slugId'],
  [/^must be HH:mm/, 'clockTime'],
  [/^duplicate id /, 'duplicateId'],
];

/** Field names as the form labels them; a field not listed keeps its config name. */
const FIELDS = ['id', 'name', 'detect', 'record', 'url', 'fps', 'transport', 'polygon', 'rules', 'graceSeconds', 'classes', 'schedule', 'start', 'end', 'days', 'anchor', 'minBoxArea', 'crop', 'zones', 'type', 'minSeconds'] as const;

function pathWords(t: TFunction, path: readonly PropertyKey[], camera: NamedCamera): string {
  const words: string[] = [];
  for (let i = 0; i < path.length; i += 1) {
    const key = path[i];
    const next = path[i + 1];
    if (key === 'zones' && typeof next === 'number') {
      const name = camera.zones?.[next]?.name?.trim();
      words.push(name ? t('issues.zoneNamed', { name }) : t('issues.zoneNumber', { number: next + 1 }));
      i += 1;
    } else if (key === 'rules' && typeof next === 'number') {
      words.push(t('issues.ruleNumber', { number: next + 1 }));
      i += 1;
    } else if (typeof key === 'number') {
      words.push(t('issues.itemNumber', { number: key + 1 }));
    } else {
      const field = String(key);
      words.push((FIELDS as readonly string[]).includes(field) ? t(`issues.fields.${field}`) : field);
    }
  }
  return words.join(' › ');
}

function problemWords(t: TFunction, issue: z.core.$ZodIssue): string {
  const keyed = MESSAGE_KEYS.find(([pattern]) => pattern.test(issue.message));
  if (keyed) return t(`issues.messages.${keyed[1]}`);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? t('issues.messages.required') : t('issues.messages.wrongType');
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? t('issues.messages.empty') : t('issues.messages.tooShort', { min: issue.minimum });
      if (issue.origin === 'array') return t('issues.messages.tooFew', { min: issue.minimum });
      return issue.inclusive === false ? t('issues.messages.greaterThan', { min: issue.minimum }) : t('issues.messages.atLeast', { min: issue.minimum });
    case 'too_big':
      if (issue.origin === 'string') return t('issues.messages.tooLong', { max: issue.maximum });
      if (issue.origin === 'array') return t('issues.messages.tooMany', { max: issue.maximum });
      return t('issues.messages.atMost', { max: issue.maximum });
    case 'invalid_value':
      return t('issues.messages.notOffered');
    case 'unrecognized_keys':
      return t('issues.messages.unknownKeys', { keys: issue.keys.join(', ') });
    default:
      return t('issues.messages.invalid');
  }
}

function issueText(t: TFunction, issue: z.core.$ZodIssue, camera: NamedCamera): string {
  const where = pathWords(t, issue.path, camera);
  const what = problemWords(t, issue);
  return where === '' ? what : `${where}: ${what}`;
}

/**
 * What the console would refuse in this camera, in the reader's words: the same schema the API
 * checks with, run in the browser as the installer edits. Zones must also have a name here, the
 * one officers read on every case (a local config may still leave it out).
 */
export function cameraIssues(t: TFunction, camera: unknown): CameraIssue[] {
  const named = (typeof camera === 'object' && camera !== null ? camera : {}) as NamedCamera;
  const result = cameraSchema.safeParse(camera);
  const issues: CameraIssue[] = result.success ? [] : result.error.issues.map((issue) => ({ text: issueText(t, issue, named), zone: issue.path[0] === 'zones' && typeof issue.path[1] === 'number' ? issue.path[1] : null }));
  (named.zones ?? []).forEach((zone, index) => {
    if (!zone.name?.trim()) issues.push({ text: `${t('issues.zoneNumber', { number: index + 1 })}: ${t('issues.messages.zoneNameRequired')}`, zone: index });
  });
  return issues;
}

/**
 * A line of the console's 400 answer (`zones[0].polygon: a polygon needs at least 3 points`) in
 * the reader's words when it is one the editor knows; otherwise as the console wrote it.
 */
export function refusalWords(t: TFunction, line: string): string {
  const match = /^(.*?): (.*)$/.exec(line);
  const keyed = match ? MESSAGE_KEYS.find(([pattern]) => pattern.test(match[2] ?? '')) : undefined;
  if (!match || !keyed) return line;
  const path = (match[1] ?? '').split(/\.|(?=\[)/).flatMap((part): PropertyKey[] => {
    const index = /^\[(\d+)\]$/.exec(part);
    return index ? [Number(index[1])] : part === '' || part === '(root)' ? [] : [part];
  });
  const where = pathWords(t, path, {});
  return `${where}: ${t(`issues.messages.${keyed[1]}`)}`;
}
