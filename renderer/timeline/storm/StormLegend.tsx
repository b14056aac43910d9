import { STICKY_KINDS, STICKY_NAMES, type Palette } from '../../../domain/storming/notation/palette.ts'

/** The notation's legend, always in sight: one swatch per kind of sticky, in the palette's colours. */
export function StormLegend({ palette }: { palette: Palette }) {
  return (
    <ul className="storm-legend" aria-label="Legend">
      {STICKY_KINDS.map((kind) => (
        <li key={kind}>
          <span className={`swatch ${kind}`} style={{ background: palette[kind] }} aria-hidden="true" />
          {STICKY_NAMES[kind]}
        </li>
      ))}
    </ul>
  )
}
