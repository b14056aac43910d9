/** The kinds of sticky in event-storming notation. */
export type StickyKind = 'event' | 'command' | 'aggregate' | 'policy' | 'actor' | 'external' | 'hotspot' | 'readModel'

/** What each kind is called in the legend. */
export const STICKY_NAMES: Readonly<Record<StickyKind, string>> = {
  actor: 'Actor',
  policy: 'Policy',
  external: 'External system',
  readModel: 'Read model',
  command: 'Command',
  aggregate: 'Aggregate',
  event: 'Domain event',
  hotspot: 'Hotspot',
}

/** Legend order: as a column reads, top to bottom. */
export const STICKY_KINDS: readonly StickyKind[] = ['actor', 'policy', 'external', 'readModel', 'command', 'aggregate', 'event', 'hotspot']

/** A colour per kind of sticky. */
export type Palette = Readonly<Record<StickyKind, string>>

/**
 * DOMAIN.md's notation: domain event orange, command blue, aggregate pale yellow, policy lilac, actor small
 * yellow, external system pink, hotspot neon pink, read model green. The default of a palette the user can
 * change (sources disagree on some colours).
 */
export const DEFAULT_PALETTE: Palette = {
  event: '#ffa94d',
  command: '#74c0fc',
  aggregate: '#fff3bf',
  policy: '#d0bfff',
  actor: '#ffe066',
  external: '#fcc2d7',
  hotspot: '#ff4fa3',
  readModel: '#8ce99a',
}

/** A palette from saved settings: known kinds with a #rrggbb colour override the default; the rest stay. */
export function paletteFrom(saved: unknown): Palette {
  const palette: Record<StickyKind, string> = { ...DEFAULT_PALETTE }
  if (typeof saved !== 'object' || saved === null) return palette
  for (const kind of STICKY_KINDS) {
    const colour = (saved as Record<string, unknown>)[kind]
    if (typeof colour === 'string' && /^#[0-9a-fA-F]{6}$/.test(colour)) palette[kind] = colour.toLowerCase()
  }
  return palette
}
