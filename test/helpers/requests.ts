// Categories for request tests, created through the real service.
import { createCategory } from '../../src/modules/requests/categories.js';
import { systemAccount } from '../../src/modules/shared/account.js';
import type { Context } from '../../src/server/types.js';

export async function addTestCategories(ctx: Context, districtId: number) {
  const sys = systemAccount(districtId);
  const light = await createCategory(ctx, sys, {
    code: 'corridor_light',
    nameZh: '楼道灯损坏',
    nameEn: 'Broken corridor light',
    groupCode: 'property',
    acceptLimit: { amount: 4, unit: 'working_hours' },
    resolveLimit: { amount: 3, unit: 'working_days' },
    handlerKind: 'property_company',
    fields: [{ key: 'floor', labelZh: '楼层', labelEn: 'Floor', type: 'number', required: true }],
  });
  const dog = await createCategory(ctx, sys, {
    code: 'stray_dog',
    nameZh: '流浪犬',
    nameEn: 'Stray dog',
    groupCode: 'safety',
    acceptLimit: { amount: 2, unit: 'working_hours' },
    resolveLimit: { amount: 2, unit: 'working_days' },
    handlerKind: 'grid_worker',
  });
  const gas = await createCategory(ctx, sys, {
    code: 'gas_leak',
    nameZh: '燃气泄漏',
    nameEn: 'Gas leak',
    groupCode: 'safety',
    acceptLimit: { amount: 0.5, unit: 'calendar_hours' },
    resolveLimit: { amount: 4, unit: 'calendar_hours' },
    urgent: true,
    handlerKind: 'grid_worker',
  });
  return { light, dog, gas };
}
