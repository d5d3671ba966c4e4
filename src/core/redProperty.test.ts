import { describe, expect, it } from 'vitest';
import { checkStageChange } from './redProperty.js';

const today = '2026-11-29';

describe('red-property stage changes', () => {
  it('accepts a first stage and steps forward in date order', () => {
    expect(checkStageChange([], { stage: 'planned', reachedOn: '2021-03-01' }, { hasPropertyCompany: false, today })).toBeNull();
    const history = [{ stage: 'planned' as const, reachedOn: '2021-03-01' }];
    expect(checkStageChange(history, { stage: 'branch_formed', reachedOn: '2021-06-01' }, { hasPropertyCompany: false, today })).toBeNull();
  });

  it('refuses standing still, dates going back and dates in the future', () => {
    const history = [{ stage: 'branch_formed' as const, reachedOn: '2022-01-10' }];
    expect(checkStageChange(history, { stage: 'branch_formed', reachedOn: '2022-02-01' }, { hasPropertyCompany: true, today })?.field).toBe('stage');
    expect(checkStageChange(history, { stage: 'property_integrated', reachedOn: '2021-12-31' }, { hasPropertyCompany: true, today })?.field).toBe('reachedOn');
    expect(checkStageChange(history, { stage: 'property_integrated', reachedOn: '2026-11-30' }, { hasPropertyCompany: true, today })?.field).toBe('reachedOn');
  });

  it('needs a property company for integration and demonstration', () => {
    const problem = checkStageChange([], { stage: 'demonstration_site', reachedOn: '2023-01-01' }, { hasPropertyCompany: false, today });
    expect(problem?.field).toBe('stage');
    expect(checkStageChange([], { stage: 'demonstration_site', reachedOn: '2023-01-01' }, { hasPropertyCompany: true, today })).toBeNull();
  });

  it('allows a demonstration site to step back', () => {
    const history = [{ stage: 'demonstration_site' as const, reachedOn: '2023-01-01' }];
    expect(checkStageChange(history, { stage: 'property_integrated', reachedOn: '2024-05-01' }, { hasPropertyCompany: true, today })).toBeNull();
  });
});
