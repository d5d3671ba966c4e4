import type { App, Context } from '../../server/types.js';
export async function statsRoutes(_app: App, _ctx: Context) {}
