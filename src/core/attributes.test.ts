import { describe, expect, it } from 'vitest';
import { checkAttributes, checkFieldSpecs, type FieldSpec } from './attributes.js';

const fields: FieldSpec[] = [
  { key: 'floor', labelZh: '楼层', labelEn: 'Floor', type: 'number', required: true },
  {
    key: 'kind',
    labelZh: '类型',
    labelEn: 'Kind',
    type: 'single',
    required: false,
    options: [
      { value: 'light', labelZh: '照明', labelEn: 'Light' },
      { value: 'door', labelZh: '门禁', labelEn: 'Door' },
    ],
  },
  {
    key: 'when',
    labelZh: '发现时间',
    labelEn: 'Seen at',
    type: 'datetime',
    required: false,
  },
  {
    key: 'tags',
    labelZh: '标签',
    labelEn: 'Tags',
    type: 'multi',
    required: false,
    options: [
      { value: 'a', labelZh: '甲', labelEn: 'A' },
      { value: 'b', labelZh: '乙', labelEn: 'B' },
    ],
  },
];

describe('category attributes', () => {
  it('accepts good values', () => {
    expect(checkAttributes(fields, { floor: 3, kind: 'light', when: '2026-11-29T08:00:00Z', tags: ['a', 'b'] })).toEqual([]);
  });

  it('names a missing required field and each wrong value', () => {
    expect(checkAttributes(fields, {})).toEqual([{ field: 'attributes.floor', message: 'is required' }]);
    const problems = checkAttributes(fields, { floor: '3', kind: 'roof', when: 'yesterday', tags: ['a', 'a'], colour: 'red' });
    expect(problems.map((p) => p.field).sort()).toEqual([
      'attributes.colour',
      'attributes.floor',
      'attributes.kind',
      'attributes.tags',
      'attributes.when',
    ]);
  });

  it('checks the field list of a category', () => {
    expect(checkFieldSpecs(fields)).toEqual([]);
    const bad = checkFieldSpecs([
      { key: 'Floor', labelZh: '', labelEn: '', type: 'number', required: false },
      { key: 'x', labelZh: '', labelEn: '', type: 'single', required: false },
    ]);
    expect(bad.map((p) => p.field)).toEqual(['fields.0.key', 'fields.1.options']);
  });
});
