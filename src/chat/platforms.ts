/**
 * The chat platforms this build serves, one entry per adapter under src/platforms/<name>/.
 * The core knows a platform only as `Platform` (src/core/alerts/types.ts), whose names are
 * registered here.
 */
export const PLATFORMS = ['discord', 'slack'] as const;

export type ChatPlatform = (typeof PLATFORMS)[number];

declare module '../core/alerts/types.js' {
  interface PlatformRegistry extends Record<ChatPlatform, true> {}
}

export function isChatPlatform(s: unknown): s is ChatPlatform {
  return typeof s === 'string' && (PLATFORMS as readonly string[]).includes(s);
}
