/*
 * What an installer reads on the agent, camera and zone screens, written out here rather than
 * imported from the UI's dictionaries: the test checks the words a person expects.
 */
export interface InstallerWords {
  agentsNav: string;
  agentsTitle: string;
  agentId: string;
  ward: string;
  createAgent: string;
  enrolmentDone: string;
  copy: string;
  online: string;
  lagging: string;
  /** `đang chạy v3 · mới nhất v4` */
  versionLine: (running: number, latest: number) => string;
  addCamera: string;
  cameraId: string;
  cameraName: string;
  detectUrl: string;
  username: string;
  password: string;
  fps: string;
  testCamera: string;
  saveCamera: string;
  savedVersion: (version: number) => string;
  credentialsSaved: string;
  drawZonesFor: (camera: string) => string;
  snapshotAlt: string;
  addZone: string;
  problems: string;
  point: RegExp;
  zoneName: string;
  grace: string;
  saveZones: string;
  saveBlocked: string;
  zonesSaved: (version: number) => string;
  versionsTab: string;
  showOlder: string;
  showChanges: (version: number) => string;
  /** A version's summary lines, in the page's language. */
  cameraAdded: (camera: string) => string;
  zoneChanged: (camera: string, zone: string, fields: string) => string;
  /** The editor's line for a zone with fewer than 3 points. */
  tooFewPoints: (zone: string) => string;
  /** What a new zone is called until the installer names it. */
  newZoneName: string;
  rulesField: string;
  /** An agent running its own config file: what it runs, and the question before a console save. */
  runningTitle: string;
  fromLocalFile: string;
  unappliedTitle: string;
  rollbackTo: (version: number) => string;
  rollbackDialog: (version: number) => string;
  rollbackConfirm: string;
  rolledBackFrom: (version: number) => string;
  newest: string;
  editCameraOf: (camera: string) => string;
  detectStream: string;
  clearCredentials: string;
  conflict: (version: number, user: string) => RegExp;
  reload: string;
  newEnrolmentOf: (agent: string) => string;
  enrolmentTitle: (agent: string) => string;
  deleteCameraOf: (camera: string) => string;
  deleteDialog: (camera: string) => string;
  delete: string;
  noCameras: string;
  /** "Find cameras" in the camera form. */
  findCameras: string;
  discoveryUsername: string;
  discoveryPassword: string;
  discoveryAddress: string;
  search: string;
  useCameraOf: (camera: string) => string;
  badAddress: (address: string) => string;
  problemLogin: string;
  idTaken: (id: string) => string;
  cancel: string;
  localConfig: string;
}

export const INSTALLER_VI: InstallerWords = {
  agentsNav: 'Đầu thu',
  agentsTitle: 'Đầu thu',
  agentId: 'Mã đầu thu',
  ward: 'Phường',
  createAgent: 'Tạo đầu thu',
  enrolmentDone: 'Đã chép xong, đóng',
  copy: 'Chép lệnh',
  online: 'Trực tuyến',
  lagging: 'Chưa cập nhật',
  versionLine: (running, latest) => `đang chạy v${running} · mới nhất v${latest}`,
  addCamera: 'Thêm camera',
  cameraId: 'Mã camera',
  cameraName: 'Tên camera',
  detectUrl: 'Địa chỉ luồng phát hiện',
  username: 'Tên đăng nhập camera',
  password: 'Mật khẩu camera',
  fps: 'Số khung hình phân tích mỗi giây',
  testCamera: 'Kiểm tra camera',
  saveCamera: 'Lưu camera',
  savedVersion: (v) => `Đã lưu thành phiên bản ${v}.`,
  credentialsSaved: 'Đã lưu thông tin đăng nhập',
  drawZonesFor: (camera) => `Vẽ vùng cho ${camera}`,
  snapshotAlt: 'Ảnh mới từ camera để vẽ vùng',
  addZone: 'Thêm vùng',
  problems: 'Các lỗi cần sửa',
  point: /^Điểm \d+ của vùng /,
  zoneName: 'Tên vùng',
  grace: 'Thời gian cho phép (giây)',
  saveZones: 'Lưu vùng',
  saveBlocked: 'Chưa lưu được: sửa các lỗi ở trên trước.',
  zonesSaved: (v) => `Đã lưu thành phiên bản ${v}. Đầu thu sẽ áp dụng trong vài giây.`,
  versionsTab: 'Phiên bản cấu hình',
  showOlder: 'Xem các phiên bản cũ hơn',
  showChanges: (v) => `Xem thay đổi của phiên bản ${v}`,
  cameraAdded: (camera) => `đã thêm camera ${camera}`,
  zoneChanged: (camera, zone, fields) => `${camera}: đã sửa vùng “${zone}” (${fields})`,
  tooFewPoints: (zone) => `Vùng “${zone}” › Đường bao: cần ít nhất 3 điểm`,
  newZoneName: 'Vùng 1',
  rulesField: 'Quy tắc',
  runningTitle: 'Camera đầu thu đang chạy',
  fromLocalFile: 'theo tệp trên máy',
  unappliedTitle: 'Đầu thu sẽ không áp dụng thay đổi này',
  rollbackTo: (v) => `Khôi phục phiên bản ${v}`,
  rollbackDialog: (v) => `Khôi phục phiên bản ${v}?`,
  rollbackConfirm: 'Khôi phục',
  rolledBackFrom: (v) => `khôi phục từ v${v}`,
  newest: 'mới nhất',
  editCameraOf: (camera) => `Sửa camera ${camera}`,
  detectStream: 'Luồng phát hiện (luồng phụ, độ phân giải thấp)',
  clearCredentials: 'Xoá thông tin đăng nhập',
  conflict: (version, user) => new RegExp(`^Phiên bản ${version} vừa được ${user} lưu lúc \\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4} trong khi bạn đang sửa\\.`),
  reload: 'Tải lại',
  newEnrolmentOf: (agent) => `Tạo mã đăng ký mới cho ${agent}`,
  enrolmentTitle: (agent) => `Mã đăng ký cho đầu thu ${agent}`,
  deleteCameraOf: (camera) => `Xoá camera ${camera}`,
  deleteDialog: (camera) => `Xoá camera ${camera}?`,
  delete: 'Xoá',
  noCameras: 'Đầu thu này chưa có camera nào',
  findCameras: 'Tìm camera',
  discoveryUsername: 'Tên đăng nhập của các camera',
  discoveryPassword: 'Mật khẩu của các camera',
  discoveryAddress: 'Địa chỉ camera (không bắt buộc)',
  search: 'Tìm',
  useCameraOf: (camera) => `Dùng camera này: ${camera}`,
  badAddress: (address) => `"${address}" không phải địa chỉ camera: gõ địa chỉ IP (10.0.5.21) hoặc tên, có thể kèm :cổng.`,
  problemLogin: 'Camera từ chối tên đăng nhập hoặc mật khẩu: kiểm tra lại rồi tìm lại.',
  cancel: 'Huỷ',
  localConfig: 'Đầu thu này đang chạy theo tệp cấu hình trên máy của nó (có danh sách camera riêng), nên camera và vùng lưu ở đây chưa tới được đầu thu. Muốn đầu thu chạy theo cấu hình lưu ở đây, hãy bỏ danh sách camera khỏi tệp đó rồi khởi động lại đầu thu.',
  idTaken: (id) => `Đầu thu này đã có camera mã ${id}: chọn mã khác, hoặc sửa camera đó từ danh sách.`,
};

export const INSTALLER_EN: InstallerWords = {
  agentsNav: 'Agents',
  agentsTitle: 'Agents',
  agentId: 'Agent id',
  ward: 'Ward',
  createAgent: 'Create agent',
  enrolmentDone: 'Copied, close',
  copy: 'Copy command',
  online: 'Online',
  lagging: 'Lagging',
  versionLine: (running, latest) => `running v${running} · newest v${latest}`,
  addCamera: 'Add camera',
  cameraId: 'Camera id',
  cameraName: 'Camera name',
  detectUrl: 'Detect stream address',
  username: 'Camera user name',
  password: 'Camera password',
  fps: 'Frames analysed per second',
  testCamera: 'Test camera',
  saveCamera: 'Save camera',
  savedVersion: (v) => `Saved as version ${v}.`,
  credentialsSaved: 'Credentials saved',
  drawZonesFor: (camera) => `Draw zones for ${camera}`,
  snapshotAlt: 'Fresh picture from the camera to draw zones on',
  addZone: 'Add zone',
  problems: 'Problems to fix',
  point: /^Point \d+ of zone /,
  zoneName: 'Zone name',
  grace: 'Grace time (seconds)',
  saveZones: 'Save zones',
  saveBlocked: 'Cannot save yet: fix the problems above first.',
  zonesSaved: (v) => `Saved as version ${v}. The agent applies it within seconds.`,
  versionsTab: 'Config versions',
  showOlder: 'Show older versions',
  showChanges: (v) => `Show the changes of version ${v}`,
  cameraAdded: (camera) => `camera ${camera} added`,
  zoneChanged: (camera, zone, fields) => `${camera}: zone “${zone}” changed (${fields})`,
  tooFewPoints: (zone) => `Zone “${zone}” › Outline: needs at least 3 points`,
  newZoneName: 'Zone 1',
  rulesField: 'Rules',
  runningTitle: 'Cameras the agent runs',
  fromLocalFile: 'from its own file',
  unappliedTitle: 'The agent will not apply this change',
  rollbackTo: (v) => `Roll back to version ${v}`,
  rollbackDialog: (v) => `Roll back to version ${v}?`,
  rollbackConfirm: 'Roll back',
  rolledBackFrom: (v) => `rolled back from v${v}`,
  newest: 'newest',
  editCameraOf: (camera) => `Edit camera ${camera}`,
  detectStream: 'Detect stream (sub-stream, low resolution)',
  clearCredentials: 'Clear credentials',
  conflict: (version, user) => new RegExp(`^Version ${version} was saved by ${user} at \\d\\d:\\d\\d \\d\\d/\\d\\d/\\d{4} while you were editing\\.`),
  reload: 'Reload',
  newEnrolmentOf: (agent) => `New enrolment token for ${agent}`,
  enrolmentTitle: (agent) => `Enrolment token for agent ${agent}`,
  deleteCameraOf: (camera) => `Delete camera ${camera}`,
  deleteDialog: (camera) => `Delete camera ${camera}?`,
  delete: 'Delete',
  noCameras: 'This agent has no camera yet',
  findCameras: 'Find cameras',
  discoveryUsername: "Cameras' user name",
  discoveryPassword: "Cameras' password",
  discoveryAddress: 'Camera address (optional)',
  search: 'Search',
  useCameraOf: (camera) => `Use this camera: ${camera}`,
  badAddress: (address) => `"${address}" is not a camera address: type an IP address (10.0.5.21) or a name, optionally with :port.`,
  problemLogin: 'The camera refused the user name or password: check them and search again.',
  cancel: 'Cancel',
  localConfig: 'This agent runs the config file on its own machine (with its own camera list), so the cameras and zones saved here do not reach it. To run it from the console, remove the cameras from that file and restart the agent.',
  idTaken: (id) => `This agent already has a camera with id ${id}: choose another id, or edit that camera from the list.`,
};
