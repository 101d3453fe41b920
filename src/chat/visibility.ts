/**
 * Who sees an answer, per view kind, on every platform: "public" answers are posted to the
 * channel, "private" ones only to whoever asked. One table, so a new view kind is one line here
 * (TypeScript asks for it) and cannot be public on one platform and private on another.
 */
import type { AlertsCommandView, View } from '../core/views.js';

export type Visibility = 'public' | 'private';

export const VISIBILITY: Record<View['kind'] | AlertsCommandView['kind'] | 'capabilities', Visibility> = {
  compare: 'public',
  alternatives: 'public',
  product: 'public',
  top: 'public',
  search: 'public',
  /** the full capability lists a button opens: for whoever clicked */
  capabilities: 'private',
  resolution: 'private',
  resolve: 'private',
  help: 'private',
  error: 'private',
  /** a change to what the channel receives is announced in it */
  subscribed: 'public',
  unsubscribed: 'public',
  subscriptions: 'private',
};

export function visibilityOf(view: { kind: keyof typeof VISIBILITY }): Visibility {
  return VISIBILITY[view.kind];
}

export const isPublic = (view: { kind: keyof typeof VISIBILITY }): boolean => VISIBILITY[view.kind] === 'public';
