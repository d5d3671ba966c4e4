import { describe, expect, it } from 'vitest';
import { checkAdminCode, checkCreditCode, checkIdNumber, withCreditCheck } from './codes.js';

describe('administrative codes', () => {
  it('accepts the statistical codes of the zone’s streets', () => {
    expect(checkAdminCode('street', '440803070')).toBeNull();
    expect(checkAdminCode('street', '440811173')).toBeNull();
    expect(checkAdminCode('district', '440803')).toBeNull();
    expect(checkAdminCode('community', '440803070001')).toBeNull();
  });

  it('names what is wrong with a bad code', () => {
    expect(checkAdminCode('street', '44080307')).toMatch(/9 digits/);
    expect(checkAdminCode('district', '44080a')).toMatch(/6 digits/);
    expect(checkAdminCode('district', '990803')).toMatch(/province/);
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it('completes and accepts a code with its check character', () => {
    const code = withCreditCheck('91440800MA4UJ8T5X');
    expect(code).toHaveLength(18);
    expect(checkCreditCode(code)).toBeNull();
  });

  it('accepts a published code and refuses one altered character', () => {
    // 91440300708461136T is a well-known published code (Tencent, Shenzhen).
    expect(checkCreditCode('91440300708461136T')).toBeNull();
    expect(checkCreditCode('91440300708461137T')).toMatch(/check character/);
  });

  it('refuses letters outside the code alphabet and wrong lengths', () => {
    expect(checkCreditCode('91440300708461136')).toMatch(/18 characters/);
    expect(checkCreditCode('9144030070846113IT')).toMatch(/18 characters/);
  });
});

describe('resident ID numbers (GB 11643-1999)', () => {
  it('checks the MOD 11-2 check digit', () => {
    expect(checkIdNumber('440803199001011234')).toBeNull();
    expect(checkIdNumber('440803199001011235')).toMatch(/check digit/);
    expect(checkIdNumber('11010519491231002X')).toBeNull();
  });

  it('refuses impossible birth dates and bad shapes', () => {
    expect(checkIdNumber('440803199013011234')).toMatch(/birth date/);
    expect(checkIdNumber('4408031990010112')).toMatch(/17 digits/);
  });
});
