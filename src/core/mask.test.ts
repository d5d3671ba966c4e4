import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskPhone } from './mask.js';

describe('masking personal data', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
  });

  it('keeps only the last four characters of other numbers', () => {
    expect(maskPhone('0759-3388123')).toBe('********8123');
    expect(maskPhone('110')).toBe('***');
  });

  it('keeps the region and the last four characters of an ID number', () => {
    expect(maskIdNumber('440803199001011234')).toBe('4408**********1234');
    expect(maskIdNumber('12345')).toBe('*****');
  });

  it('passes null through', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskIdNumber(null)).toBeNull();
  });
});
