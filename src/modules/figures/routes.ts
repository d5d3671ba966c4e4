// Figures of the request loop and the audit export of events (being built).
import type { App, Context } from '../../server/types.js';

export async function figureRoutes(_app: App, _ctx: Context) {}
