// The background sweeper: overdue marking, escalation, auto-close (being built).
import type { Context } from '../../server/types.js';

/** Starts the periodic sweep on this server; the returned function stops it. */
export function startSweeper(_ctx: Context): () => Promise<void> {
  return async () => {};
}
