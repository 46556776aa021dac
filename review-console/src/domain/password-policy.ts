/**
 * Passwords people actually choose for a new account when told "at least 10 characters", in
 * English and Vietnamese (mật khẩu = password), lower-cased: refused whatever their case.
 */
const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd123', 'matkhau', 'matkhau123', 'matkhau1234', 'matkhau@123',
  'admin12345', 'admin123456', 'administrator', 'qwertyuiop', 'qwerty12345', 'qwerty123456', 'asdfghjkl', 'iloveyou123', 'welcome123', 'letmein123',
  'changeme123', 'abc1234567', 'abcd123456', 'a123456789', 'wardwatch', 'wardwatch1', 'wardwatch123', 'hanoi12345', 'vietnam123', 'zaq12wsx',
]);

/** How many characters of `value` continue a run up or down the alphabet or the digits (`abcd`, `9876`). */
function sequential(value: string): number {
  let run = 0;
  for (let i = 1; i < value.length; i++) {
    const step = value.charCodeAt(i) - value.charCodeAt(i - 1);
    if (step === 1 || step === -1) run++;
  }
  return run;
}

/**
 * Why a password is too easy to guess, in words an admin can act on, or null when it is fine.
 * Length alone let ten spaces or `aaaaaaaaaa` through.
 */
export function weakPassword(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length < 10) return 'must be at least 10 characters, not counting spaces at either end';
  if (new Set(trimmed).size < 5) return 'must use at least 5 different characters';
  if (COMMON.has(trimmed.toLowerCase())) return 'is one of the most common passwords; choose another';
  if (sequential(trimmed) >= trimmed.length - 2) return 'must not be a run of letters or digits like 1234567890';
  return null;
}
