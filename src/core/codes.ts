// Checks for the identifiers the register uses: administrative division codes, the unified
// social credit code (GB 32100-2015), resident ID numbers (GB 11643-1999) and phone numbers.

export type AdminLevel = 'district' | 'street' | 'community';

/** District: GB/T 2260 (6 digits); street: statistical code (9 digits); community: 12 digits. */
const ADMIN_CODE_LENGTH: Record<AdminLevel, number> = { district: 6, street: 9, community: 12 };

export function checkAdminCode(level: AdminLevel, code: string): string | null {
  const length = ADMIN_CODE_LENGTH[level];
  if (!new RegExp(`^\\d{${length}}$`).test(code)) return `must be ${length} digits`;
  if (!/^[1-8]\d/.test(code)) return 'does not start with a province code';
  return null;
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Returns null when `code` is a well-formed unified social credit code with a valid check character. */
export function checkCreditCode(code: string): string | null {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) {
    return 'must be 18 characters of digits and capital letters (no I, O, S, V, Z)';
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(code[i]!) * USCC_WEIGHTS[i]!;
  const check = USCC_CHARS[(31 - (sum % 31)) % 31];
  return code[17] === check ? null : 'check character does not match';
}

/** Completes a 17-character credit code body with its check character (used by the demo). */
export function withCreditCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body[i]!) * USCC_WEIGHTS[i]!;
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function checkIdNumber(id: string): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be 17 digits followed by a digit or X';
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return 'birth date is not a date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i]!;
  return id[17] === ID_CHECK[sum % 11] ? null : 'check digit does not match';
}

