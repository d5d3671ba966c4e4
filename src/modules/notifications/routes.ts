// The in-app inbox and webhooks (being built).
import type { App, Context } from '../../server/types.js';

export async function notificationRoutes(_app: App, _ctx: Context) {}
