#!/usr/bin/env node
// Builds the web app (web/dist) when it is missing or older than its sources, so that
// `npm start` on a fresh clone serves it and later starts cost nothing. `--force` always builds.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');
const built = path.join(web, 'dist/index.html');

function newest(dir) {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

/** The files a build wrote, from its manifest (web/vite.config.ts asks for one). */
function filesOf(dir) {
  const manifest = path.join(dir, '.vite/manifest.json');
  if (!fs.existsSync(manifest)) return [];
  const chunks = Object.values(JSON.parse(fs.readFileSync(manifest, 'utf8')));
  return [...new Set(chunks.flatMap((c) => [c.file, ...(c.css ?? []), ...(c.assets ?? [])]))];
}

/** The web app's sources, and the pure domain code it imports from the server (src/core). */
const sources = () => Math.max(newest(web), newest(path.join(web, '../src/core')));

export async function buildWeb({ force = false, quiet = false } = {}) {
  if (!force && fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources()) return false;
  const { build } = await import('vite');
  // Always React's production build, also when a test runner (NODE_ENV=test) asks for it; and
  // built aside, then swapped in, so that a running server never sees a half-written dist.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  const dist = path.join(web, 'dist');
  const fresh = `${dist}.${process.pid}.new`;
  try {
    await build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: quiet ? 'warn' : 'info', build: { outDir: fresh, emptyOutDir: true } });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  // The previous build's own chunks stay beside the new ones (one build back, not every one),
  // so that a page opened before the swap can still load what it asks for.
  const old = `${dist}.${process.pid}.old`;
  if (fs.existsSync(dist)) {
    for (const file of filesOf(dist)) {
      const target = path.join(fresh, file);
      if (!fs.existsSync(target) && fs.existsSync(path.join(dist, file))) fs.copyFileSync(path.join(dist, file), target);
    }
    fs.renameSync(dist, old);
  }
  try {
    fs.renameSync(fresh, dist);
  } catch (error) {
    // Another build swapped its own in meanwhile: theirs is as new as ours.
    if (!fs.existsSync(path.join(dist, 'index.html'))) throw error;
    fs.rmSync(fresh, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await buildWeb({ force: process.argv.includes('--force') });
}
