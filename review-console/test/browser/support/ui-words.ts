/*
 * What a person reads on screen, written out here rather than imported from the UI's own
 * dictionaries: the test checks the words an officer expects, not that the UI agrees with itself.
 */
export interface UiWords {
  lang: 'vi' | 'en';
  switchTo: string | null;
  signInTitle: string;
  username: string;
  password: string;
  signInButton: string;
  wrongCredentials: string;
  expired: RegExp;
  queueTitle: string;
  start: string;
  ruleFilter: string;
  rules: Record<'illegal_parking' | 'sidewalk_encroachment' | 'littering', string>;
  /** The rule and zone line for a stay of `duration`. */
  parkingLine: (duration: string) => RegExp;
  durationOf65s: string;
  confirmDialog: string;
  dismissButton: string;
  dismissDialog: string;
  dismissSubmit: string;
  dismissReason: string;
  historyNav: string;
  historyTitle: string;
  search: string;
  confirmed: string;
  dismissed: string;
  camerasNav: string;
  camerasTitle: string;
  cameraDown: string;
  cameraUp: string;
  notFound: RegExp;
  shortcutsTitle: string;
  emptyFiltered: RegExp;
  signOut: string;
  reopen: string;
  historyEmpty: string;
  historyNoMatch: string;
  reopenDialog: string;
  reopenReason: string;
  clip: string;
  clipPartial: (covered: number, wanted: number) => string;
  snapshotTitle: string;
  zoomFit: string;
  fromDay: string;
  /** The browser's locale for this run: en-US writes dates month first, which the UI must not follow. */
  locale: string;
}

export const VI: UiWords = {
  lang: 'vi',
  switchTo: null,
  signInTitle: 'Đăng nhập',
  username: 'Tên đăng nhập',
  password: 'Mật khẩu',
  signInButton: 'Đăng nhập',
  wrongCredentials: 'Sai tên đăng nhập hoặc mật khẩu.',
  expired: /Phiên đăng nhập đã hết hạn/,
  queueTitle: 'Hàng chờ xử lý',
  start: 'Bắt đầu xử lý',
  ruleFilter: 'Loại vi phạm',
  rules: { illegal_parking: 'Đỗ xe trái phép', sidewalk_encroachment: 'Lấn chiếm vỉa hè', littering: 'Xả rác nơi công cộng' },
  parkingLine: (d) => new RegExp(`^Đỗ xe trái phép — ${d} trong vùng cấm$`),
  durationOf65s: '1 phút 5 giây',
  confirmDialog: 'Xác nhận vi phạm',
  dismissButton: 'Báo nhầm',
  dismissDialog: 'Báo nhầm (không vi phạm)',
  dismissSubmit: 'Báo nhầm',
  dismissReason: 'Hình ảnh không đủ rõ để kết luận',
  historyNav: 'Lịch sử',
  historyTitle: 'Lịch sử xử lý',
  search: 'Tìm kiếm',
  confirmed: 'Đã xác nhận',
  dismissed: 'Báo nhầm',
  camerasNav: 'Camera',
  camerasTitle: 'Tình trạng camera',
  cameraDown: 'Mất tín hiệu',
  cameraUp: 'Hoạt động',
  notFound: /Không tìm thấy vụ việc này/,
  shortcutsTitle: 'Phím tắt',
  emptyFiltered: /Không có vụ việc nào khớp bộ lọc/,
  signOut: 'Đăng xuất',
  reopen: 'Mở lại',
  historyEmpty: 'Chưa có vụ việc nào được xử lý.',
  historyNoMatch: 'Không tìm thấy vụ việc nào khớp.',
  reopenDialog: 'Mở lại vụ việc',
  reopenReason: 'Lý do mở lại',
  clip: 'Đoạn video bằng chứng',
  fromDay: 'Từ ngày',
  locale: 'vi-VN',
  snapshotTitle: 'Ảnh chụp lúc phát hiện',
  zoomFit: 'Vừa màn hình',
  clipPartial: (covered, wanted) => `Video chỉ có ${covered} trên ${wanted} giây: camera không ghi được hình phần còn lại.`,
};

export const EN: UiWords = {
  lang: 'en',
  switchTo: 'English',
  signInTitle: 'Sign in',
  username: 'Username',
  password: 'Password',
  signInButton: 'Sign in',
  wrongCredentials: 'Wrong username or password.',
  expired: /Your session has ended/,
  queueTitle: 'Review queue',
  start: 'Start reviewing',
  ruleFilter: 'Violation type',
  rules: { illegal_parking: 'Illegal parking', sidewalk_encroachment: 'Sidewalk encroachment', littering: 'Littering' },
  parkingLine: (d) => new RegExp(`^Illegal parking — ${d} in the no-parking zone$`),
  durationOf65s: '1 min 5 s',
  confirmDialog: 'Confirm violation',
  dismissButton: 'False alarm',
  dismissDialog: 'Dismiss as false alarm',
  dismissSubmit: 'Dismiss',
  dismissReason: 'Footage too unclear to decide',
  historyNav: 'History',
  historyTitle: 'Decision history',
  search: 'Search',
  confirmed: 'Confirmed',
  dismissed: 'False alarm',
  camerasNav: 'Cameras',
  camerasTitle: 'Camera status',
  cameraDown: 'Down',
  cameraUp: 'Up',
  notFound: /does not exist or is not in your wards/,
  shortcutsTitle: 'Keyboard shortcuts',
  emptyFiltered: /No case matches these filters/,
  signOut: 'Sign out',
  reopen: 'Reopen',
  historyEmpty: 'No case has been decided yet.',
  historyNoMatch: 'No decided case matches.',
  reopenDialog: 'Reopen case',
  reopenReason: 'Why reopen it',
  clip: 'Evidence clip',
  fromDay: 'From',
  locale: 'en-US',
  snapshotTitle: 'Snapshot at detection',
  zoomFit: 'Fit to window',
  clipPartial: (covered, wanted) => `The video covers ${covered} of ${wanted} seconds: the camera recorded no footage for the rest.`,
};

/** `HH:mm dd/MM/yyyy` in Hanoi (UTC+7, no daylight saving), computed without Intl. */
export function hanoiTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())} ${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
