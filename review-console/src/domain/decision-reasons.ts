/*
 * Decision reasons. The console stores a stable code (records read the same whatever language
 * the officer used); these are the codes the UI offers per rule and decision, and their
 * Vietnamese words, which the web UI shows and the CSV export writes for ward paperwork. Pure
 * data: the browser bundle imports this file too.
 */
export const REASON_WORDS_VI = {
  clear_violation: 'Vi phạm rõ ràng trong đoạn video',
  overstayed: 'Dừng đỗ quá thời gian cho phép',
  blocking_way: 'Cản trở lối đi, giao thông',
  vending: 'Buôn bán, bày hàng trên vỉa hè',
  repeat_offender: 'Tái phạm tại cùng địa điểm',
  dumped_waste: 'Vứt rác, bỏ đồ tại nơi công cộng',
  false_detection: 'Nhận diện sai (bóng, ánh sáng, vật khác)',
  brief_stop: 'Chỉ dừng tạm thời, không đỗ',
  permitted: 'Được phép (xe công vụ, sự kiện có phép)',
  outside_zone: 'Đối tượng nằm ngoài vùng cấm',
  unclear_footage: 'Hình ảnh không đủ rõ để kết luận',
  owner_returned: 'Chủ đồ vật đã quay lại lấy',
  duplicate: 'Trùng với vụ việc khác của cùng đối tượng',
} as const;

export type ReasonCode = keyof typeof REASON_WORDS_VI;

/** The same reasons in English, for the English UI and English CSV files. */
export const REASON_WORDS_EN: Record<ReasonCode, string> = {
  clear_violation: 'Violation clearly visible in the clip',
  overstayed: 'Stopped longer than allowed',
  blocking_way: 'Blocking the way or traffic',
  vending: 'Selling or displaying goods on the sidewalk',
  repeat_offender: 'Repeat offence at the same place',
  dumped_waste: 'Rubbish or objects left in public space',
  false_detection: 'Wrong detection (shadow, light, other object)',
  brief_stop: 'Only a brief stop, not parked',
  permitted: 'Permitted (official vehicle, licensed event)',
  outside_zone: 'Object is outside the restricted zone',
  unclear_footage: 'Footage too unclear to decide',
  owner_returned: 'The owner came back for it',
  duplicate: 'Duplicate of another case of the same object',
};
type Rule = 'illegal_parking' | 'sidewalk_encroachment' | 'littering';
export type ReasonDecision = 'confirmed' | 'dismissed';

const OFFERED: Record<ReasonDecision, Record<Rule, readonly ReasonCode[]>> = {
  confirmed: {
    illegal_parking: ['clear_violation', 'overstayed', 'blocking_way', 'repeat_offender'],
    sidewalk_encroachment: ['clear_violation', 'vending', 'blocking_way', 'repeat_offender'],
    littering: ['clear_violation', 'dumped_waste', 'repeat_offender'],
  },
  dismissed: {
    illegal_parking: ['false_detection', 'brief_stop', 'permitted', 'outside_zone', 'unclear_footage', 'duplicate'],
    sidewalk_encroachment: ['false_detection', 'brief_stop', 'permitted', 'outside_zone', 'unclear_footage', 'duplicate'],
    littering: ['false_detection', 'owner_returned', 'outside_zone', 'unclear_footage', 'duplicate'],
  },
};

/** The reasons offered for a decision on a case of this rule, in the order of keys 1..n. */
export function reasonsFor(decision: ReasonDecision, rule: Rule): readonly ReasonCode[] {
  return OFFERED[decision][rule];
}

export function isReasonCode(reason: string): reason is ReasonCode {
  return Object.hasOwn(REASON_WORDS_VI, reason);
}

/**
 * A stored reason as words and code: a known code gives its Vietnamese words; anything else (the
 * API also takes free text) is its own words, with no code.
 */
export function reasonInWords(reason: string | null): { words: string | null; code: ReasonCode | null } {
  if (reason === null) return { words: null, code: null };
  return isReasonCode(reason) ? { words: REASON_WORDS_VI[reason], code: reason } : { words: reason, code: null };
}
