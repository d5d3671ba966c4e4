// Photos of requests: checked by content (JPEG, PNG or WebP, whatever the name says), limited
// in size, stored under the data directory by content hash so a retried upload is one file.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { AppError, errors } from '../../core/errors.js';
import type { Context } from '../../server/types.js';

const ALLOWED = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
]);

export const MAX_PHOTOS = 9;

export interface StoredPhoto {
  file: string;
  mime: string;
  bytes: number;
  sha256: string;
}

export async function checkPhoto(ctx: Context, field: string, data: Buffer): Promise<{ mime: string; ext: string }> {
  if (data.length > ctx.config.photoMaxBytes) {
    throw new AppError(413, 'payload_too_large', `${field}: larger than ${ctx.config.photoMaxBytes} bytes`, [
      { field, message: `larger than ${ctx.config.photoMaxBytes} bytes` },
    ]);
  }
  const type = await fileTypeFromBuffer(data);
  const ext = type ? ALLOWED.get(type.mime) : undefined;
  if (!type || !ext) throw errors.field(field, 'is not a JPEG, PNG or WebP image');
  return { mime: type.mime, ext };
}

export async function storePhoto(ctx: Context, field: string, data: Buffer): Promise<StoredPhoto> {
  const { mime, ext } = await checkPhoto(ctx, field, data);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const file = path.join('photos', sha256.slice(0, 2), `${sha256}.${ext}`);
  const full = path.join(ctx.config.dataDir, file);
  await fs.mkdir(path.dirname(full), { recursive: true });
  // Write to a temporary name first so a crash never leaves half a photo under the real name.
  const temporary = `${full}.${process.pid}.tmp`;
  await fs.writeFile(temporary, data);
  await fs.rename(temporary, full);
  return { file, mime, bytes: data.length, sha256 };
}

export function photoPath(ctx: Context, file: string): string {
  return path.join(ctx.config.dataDir, file);
}
