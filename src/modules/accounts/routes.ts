import type { App, Context } from '../../server/types.js';
export async function accountRoutes(_app: App, _ctx: Context) {}
