import type { App, Context } from '../../server/types.js';
export async function compoundRoutes(_app: App, _ctx: Context) {}
