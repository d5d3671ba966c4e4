// A register write tells the areas that keep derived copies of the register (the routing
// index) to drop them, without the register knowing who they are.
import type { Context } from '../../server/types.js';

type Listener = (ctx: Context) => void;
const listeners = new Set<Listener>();

export function onRegisterChange(listener: Listener): void {
  listeners.add(listener);
}

export function registerChanged(ctx: Context): void {
  for (const listener of listeners) listener(ctx);
}
