// Web size benchmark: the gzip JavaScript (and CSS) a browser fetches for the phone pages and
// for the console's first load, summed over the import graph of the production build
// (web/dist/.vite/manifest.json), with the lazy chunks each page adds when it opens.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWeb } from '../bin/build-web.js';

const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../web/dist');

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

type Manifest = Record<string, Chunk>;

const gzipKiB = (file: string) => Math.round((gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length / 1024) * 10) / 10;

/** The files a chunk brings with it: its static imports, transitively, and their CSS. */
function closure(manifest: Manifest, keys: string[], seen = new Set<string>()): Set<string> {
  for (const key of keys) {
    if (seen.has(key)) continue;
    seen.add(key);
    closure(manifest, manifest[key]?.imports ?? [], seen);
  }
  return seen;
}

function weigh(manifest: Manifest, keys: Set<string>) {
  let js = 0;
  let css = 0;
  const files = new Set<string>();
  for (const key of keys) {
    const chunk = manifest[key]!;
    if (!files.has(chunk.file)) js += gzipKiB(chunk.file);
    files.add(chunk.file);
    for (const sheet of chunk.css ?? []) {
      if (!files.has(sheet)) css += gzipKiB(sheet);
      files.add(sheet);
    }
  }
  return { jsGzipKiB: Math.round(js * 10) / 10, cssGzipKiB: Math.round(css * 10) / 10, files: files.size };
}

/** The key of the chunk built from `source` (relative to web/), or from the one file ending so. */
function keyOf(manifest: Manifest, source: string): string {
  const key = source in manifest ? source : Object.keys(manifest).find((k) => k.endsWith(`/${source}`));
  if (!key) throw new Error(`no chunk for ${source} in the web build`);
  return key;
}

export async function run() {
  await buildWeb({ force: true, quiet: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
  const phone = keyOf(manifest, 'm/index.html');
  const console_ = keyOf(manifest, 'index.html');
  const phoneFirst = closure(manifest, [phone]);
  const everything = (start: string) => {
    const all = new Set<string>();
    const visit = (key: string) => {
      if (all.has(key)) return;
      all.add(key);
      for (const next of [...(manifest[key]?.imports ?? []), ...(manifest[key]?.dynamicImports ?? [])]) visit(next);
    };
    visit(start);
    return all;
  };
  const consoleFirst = closure(manifest, [console_]);
  const withPage = (suffix: string) => closure(manifest, [console_, keyOf(manifest, suffix)]);
  return {
    goal: 'phone pages ≤ 200 KiB gzip JavaScript',
    phone: { firstLoad: weigh(manifest, phoneFirst), everythingItCanLoad: weigh(manifest, everything(phone)) },
    console: {
      firstLoad: weigh(manifest, consoleFirst),
      dashboard: weigh(manifest, withPage('pages/Dashboard.tsx')),
      requestDetail: weigh(manifest, withPage('pages/RequestDetail.tsx')),
      map: weigh(manifest, withPage('pages/MapPage.tsx')),
      everythingItCanLoad: weigh(manifest, everything(console_)),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
