// Lists of requests: filters, inboxes, search and export (being built).
import type { App, Context } from '../../server/types.js';

export async function listRoutes(_app: App, _ctx: Context) {}
