import type { App, Context } from '../../server/types.js';
export async function companyRoutes(_app: App, _ctx: Context) {}
