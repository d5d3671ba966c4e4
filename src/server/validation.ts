// Request validation: one JSON schema per route part. Bodies are strict (no type coercion,
// unknown fields refused); query strings and path parameters are coerced from text.
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldProblem } from '../core/errors.js';

function makeAjv(coerceTypes: boolean) {
  const ajv = new Ajv.default({
    allErrors: true,
    coerceTypes,
    removeAdditional: false,
    useDefaults: coerceTypes, // defaults fill query strings only: a PATCH must change only what it names
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) => {
  if (httpPart !== 'body') return coercing.compile(schema as object) as never;
  const validate = strict.compile(schema as object);
  // Control characters (NUL above all) have no place in any text field, and PostgreSQL
  // refuses NUL outright: catch them here so both databases answer the same.
  const check = (data: unknown) => {
    if (!validate(data)) {
      check.errors = validate.errors;
      return false;
    }
    const path = controlCharacterPath(data, '');
    check.errors = path === null ? null : [{ instancePath: path, keyword: 'controlCharacters', params: {}, message: 'contains control characters', schemaPath: '' }];
    return path === null;
  };
  check.errors = null as ErrorObject[] | null | undefined;
  return check as never;
};

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function controlCharacterPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return CONTROL.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = controlCharacterPath(value[i], `${path}/${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = controlCharacterPath(item, `${path}/${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The kind of each schema problem, with what a client needs to say it (`limit`, `values`). */
function kindOf(e: ErrorObject): Pick<FieldProblem, 'code' | 'params'> {
  const limit = (e.params as { limit?: number }).limit;
  switch (e.keyword) {
    case 'required':
      return { code: 'required' };
    case 'additionalProperties':
      return { code: 'unknown_field' };
    case 'enum':
      return { code: 'one_of', params: { values: (e.params.allowedValues as unknown[]).join(', ') } };
    case 'minLength':
      // An empty text where one is needed reads as "required", not "at least 1 character".
      return limit === 1 ? { code: 'required' } : { code: 'too_short', params: { limit: limit! } };
    case 'maxLength':
      return { code: 'too_long', params: { limit: limit! } };
    case 'minimum':
    case 'exclusiveMinimum':
      return { code: 'too_small', params: { limit: limit! } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { code: 'too_large', params: { limit: limit! } };
    case 'minItems':
      return { code: 'too_few', params: { limit: limit! } };
    case 'maxItems':
      return { code: 'too_many', params: { limit: limit! } };
    case 'type':
      return { code: 'wrong_type', params: { type: String((e.params as { type: string }).type) } };
    case 'format':
    case 'pattern':
      return { code: 'format' };
    case 'controlCharacters':
      return { code: 'control_characters' };
    default:
      return { code: 'invalid' };
  }
}

/** Turns ajv's errors into field problems named by the field's path (`location.lat`). */
export function fieldProblems(errors: ErrorObject[] | Array<Partial<ErrorObject>>): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const e of errors as ErrorObject[]) {
    const base = (e.instancePath ?? '').split('/').filter(Boolean).join('.');
    let field = base;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      field = [base, e.params.missingProperty].filter(Boolean).join('.');
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      field = [base, e.params.additionalProperty].filter(Boolean).join('.');
      message = 'is not a known field';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    }
    const key = `${field}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ field: field || '(body)', message, ...kindOf(e) });
  }
  return out;
}
