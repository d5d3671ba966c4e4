#!/usr/bin/env node
// Entry point of the `hongyun` command: runs the TypeScript sources through tsx.
import { register } from 'tsx/esm/api';

// All times are kept in UTC and shown in Asia/Shanghai by the code itself; the official-calendar
// data package reads dates in the process time zone, which must not lie west of UTC.
process.env.TZ = 'UTC';

register();
await import('../src/cli/main.ts');
