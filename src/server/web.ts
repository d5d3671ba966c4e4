// Serves the built web app (web/dist, see web/vite.config.ts): the console at /, the phone pages
// at /m. Hashed assets are cached for a year; pages are revalidated on every load so that a new
// release reaches browsers at once. Paths the app routes in the browser answer with its page.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.js';

export const WEB_DIST = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../web/dist');

export async function webRoutes(app: App, root = WEB_DIST): Promise<boolean> {
  if (!fs.existsSync(path.join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    // Files are looked up per request, so a rebuild of web/dist is served without a restart.
    wildcard: true,
    index: false,
    dotfiles: 'deny',
    setHeaders: (reply, file) => {
      const hashed = path.relative(root, file).startsWith(`assets${path.sep}`);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The pages' own folders, which the file server would refuse as directories.
  for (const [url, page] of [
    ['/', 'index.html'],
    ['/m', 'm/index.html'],
    ['/m/', 'm/index.html'],
  ] as const) {
    app.get(url, { schema: { hide: true } }, (_request, reply) => sendPage(reply, page));
  }
  return true;
}

/** The page a browser route belongs to, or null where the answer should be a plain 404. */
export function pageFor(request: FastifyRequest): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const url = request.url.split('?')[0]!;
  if (url.startsWith('/api/') || url === '/api' || /^(\/m)?\/assets\//.test(url) || url.startsWith('/.') || url === '/healthz') return null;
  return url === '/m' || url.startsWith('/m/') ? 'm/index.html' : 'index.html';
}

export function sendPage(reply: FastifyReply, page: string) {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile(page);
}
