// A category's extra fields (Open311 "attributes") and the check of a request's values
// against them: types, required flags, list values.
import type { FieldProblem } from './errors.js';

export const FIELD_TYPES = ['string', 'number', 'datetime', 'text', 'single', 'multi'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldOption {
  value: string;
  labelZh: string;
  labelEn: string;
}

export interface FieldSpec {
  key: string;
  labelZh: string;
  labelEn: string;
  type: FieldType;
  required: boolean;
  options?: FieldOption[];
}

export type AttributeValue = string | number | string[];

/** Problems of a category's field list itself (keys, options), or an empty list. */
export function checkFieldSpecs(fields: FieldSpec[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const keys = new Set<string>();
  fields.forEach((f, i) => {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(f.key)) problems.push({ field: `fields.${i}.key`, message: 'use lower-case letters, digits and _' });
    if (keys.has(f.key)) problems.push({ field: `fields.${i}.key`, message: `${f.key} appears twice` });
    keys.add(f.key);
    const listed = f.type === 'single' || f.type === 'multi';
    if (listed && !(f.options && f.options.length > 0)) problems.push({ field: `fields.${i}.options`, message: 'a list field needs options' });
    if (!listed && f.options) problems.push({ field: `fields.${i}.options`, message: 'only list fields have options' });
  });
  return problems;
}

/** Checks submitted values against the fields; unknown keys are refused too. */
export function checkAttributes(fields: FieldSpec[], values: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) problems.push({ field: `attributes.${key}`, message: 'is not a field of this category' });
  }
  for (const f of fields) {
    const field = `attributes.${f.key}`;
    const value = values[f.key];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (f.required) problems.push({ field, message: 'is required' });
      continue;
    }
    const problem = checkValue(f, value);
    if (problem) problems.push({ field, message: problem });
  }
  return problems;
}

function checkValue(f: FieldSpec, value: unknown): string | null {
  const allowed = new Set((f.options ?? []).map((o) => o.value));
  switch (f.type) {
    case 'string':
      return typeof value === 'string' && value.length <= 200 ? null : 'must be text of at most 200 characters';
    case 'text':
      return typeof value === 'string' && value.length <= 2000 ? null : 'must be text of at most 2000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'must be an ISO date and time';
    case 'single':
      return typeof value === 'string' && allowed.has(value) ? null : `must be one of ${[...allowed].join(', ')}`;
    case 'multi':
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && allowed.has(v)) && new Set(value).size === value.length
        ? null
        : `must be a list of distinct values from ${[...allowed].join(', ')}`;
  }
}
