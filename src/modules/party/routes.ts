import type { App, Context } from '../../server/types.js';
export async function partyRoutes(_app: App, _ctx: Context) {}
