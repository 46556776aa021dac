import type { Language, RuleType } from '@wardwatch/contracts';

/*
 * The words of the console's CSV files, in the reader's language (Vietnamese unless `lang=en`):
 * district staff open them in a spreadsheet, so headers and values are words; each coded value
 * (rule, reason) keeps its code in a column of its own for counting.
 */

export const RULE_WORDS: Record<Language, Record<RuleType, string>> = {
  vi: { illegal_parking: 'Đỗ xe trái phép', sidewalk_encroachment: 'Lấn chiếm vỉa hè', littering: 'Xả rác nơi công cộng' },
  en: { illegal_parking: 'Illegal parking', sidewalk_encroachment: 'Sidewalk encroachment', littering: 'Littering' },
};

/** `duplicate`: dismissed because another case stands for the same object, not a false alarm. */
export const STATUS_WORDS: Record<Language, Record<'pending' | 'confirmed' | 'dismissed' | 'duplicate', string>> = {
  vi: { pending: 'Chờ xử lý', confirmed: 'Đã xác nhận', dismissed: 'Báo nhầm', duplicate: 'Trùng lặp' },
  en: { pending: 'Pending', confirmed: 'Confirmed', dismissed: 'False alarm', duplicate: 'Duplicate' },
};

/** ISO weekday 1..7. */
export const WEEKDAY_WORDS: Record<Language, readonly string[]> = {
  vi: ['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ Nhật'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

export type ExportColumn =
  | 'id' | 'wardId' | 'ward' | 'cameraId' | 'camera' | 'rule' | 'ruleCode' | 'zone' | 'triggeredUtc' | 'triggeredLocal' | 'status' | 'reason' | 'reasonCode'
  | 'note' | 'plate' | 'decidedBy' | 'decidedUtc' | 'decidedLocal' | 'clipSha256';

export const EXPORT_HEADERS: Record<Language, Record<ExportColumn, string>> = {
  vi: {
    id: 'Mã vụ việc', wardId: 'Mã phường', ward: 'Phường', cameraId: 'Mã camera', camera: 'Camera', rule: 'Vi phạm', ruleCode: 'Mã vi phạm', zone: 'Vùng',
    triggeredUtc: 'Thời điểm (UTC)', triggeredLocal: 'Thời điểm (giờ Hà Nội)', status: 'Kết quả', reason: 'Lý do', reasonCode: 'Mã lý do', note: 'Ghi chú', plate: 'Biển số',
    decidedBy: 'Người xử lý', decidedUtc: 'Xử lý lúc (UTC)', decidedLocal: 'Xử lý lúc (giờ Hà Nội)', clipSha256: 'SHA-256 của video',
  },
  en: {
    id: 'Case id', wardId: 'Ward id', ward: 'Ward', cameraId: 'Camera id', camera: 'Camera', rule: 'Violation', ruleCode: 'Violation code', zone: 'Zone',
    triggeredUtc: 'Detected at (UTC)', triggeredLocal: 'Detected at (Hanoi time)', status: 'Outcome', reason: 'Reason', reasonCode: 'Reason code', note: 'Note', plate: 'Plate',
    decidedBy: 'Decided by', decidedUtc: 'Decided at (UTC)', decidedLocal: 'Decided at (Hanoi time)', clipSha256: 'Clip SHA-256',
  },
};

export type FigureColumn =
  | 'wardId' | 'ward' | 'rule' | 'ruleCode' | 'cameraId' | 'camera' | 'day' | 'weekday' | 'hour'
  | 'total' | 'pending' | 'confirmed' | 'dismissed' | 'rate' | 'median' | 'backlog';

export const FIGURE_HEADERS: Record<Language, Record<FigureColumn, string>> = {
  vi: {
    wardId: 'Mã phường', ward: 'Phường', rule: 'Loại vi phạm', ruleCode: 'Mã loại vi phạm', cameraId: 'Mã camera', camera: 'Camera', day: 'Ngày (giờ Hà Nội)', weekday: 'Thứ', hour: 'Giờ (giờ Hà Nội)',
    total: 'Tổng số vụ', pending: 'Chưa xử lý', confirmed: 'Đã xác nhận', dismissed: 'Báo nhầm', rate: 'Tỷ lệ xác nhận', median: 'Thời gian xử lý trung vị (giây)', backlog: 'Tồn đọng hiện tại',
  },
  en: {
    wardId: 'Ward id', ward: 'Ward', rule: 'Violation type', ruleCode: 'Violation code', cameraId: 'Camera id', camera: 'Camera', day: 'Day (Hanoi time)', weekday: 'Weekday', hour: 'Hour (Hanoi time)',
    total: 'Cases', pending: 'Not yet decided', confirmed: 'Confirmed', dismissed: 'False alarm', rate: 'Confirmation rate', median: 'Median time to decide (seconds)', backlog: 'Waiting now',
  },
};
