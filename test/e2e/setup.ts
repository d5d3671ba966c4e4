// Runs once before the browser tests: builds the web app if its sources changed and checks that
// Chromium is there. In CI (CI=true) a missing Chromium fails the run instead of skipping it.
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../bin/build-web.js';
import { CHROMIUM } from './browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: boolean;
  }
}

export default async function setup(project: TestProject) {
  await buildWeb({ quiet: true });
  const present = fs.existsSync(CHROMIUM);
  if (!present) {
    if (process.env.CI) throw new Error(`Chromium is required in CI at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk)`);
    console.warn(`\n*** Chromium is not at ${CHROMIUM}: the browser tests are SKIPPED (apt-get install chromium fonts-noto-cjk). ***\n`);
  }
  project.provide('chromium', present);
}
