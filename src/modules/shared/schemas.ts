// Field schemas used by several areas.
import { Type } from 'typebox';

/** A GeoJSON Polygon or MultiPolygon in WGS-84; rings and crossings are checked in src/core/geo.ts. */
export const GeoArea = Type.Object(
  {
    type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
    coordinates: Type.Array(Type.Array(Type.Any()), { minItems: 1 }),
    bbox: Type.Optional(Type.Array(Type.Number())),
  },
  { additionalProperties: false, description: 'GeoJSON Polygon or MultiPolygon, WGS-84 [lng, lat]' },
);

export const Phone = Type.String({
  pattern: '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8})$',
  description: 'a mobile number (11 digits) or a landline with area code',
});

export const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** Ids are 32-bit integers in both databases; larger numbers are refused at the edge. */
export const MAX_ID = 2_147_483_647;
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID });

/** One of a fixed list of strings. */
export const OneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** Non-empty text of at most `max` characters. */
export const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
