import { GEOMETRY, type PlacedSticky, type StormLayout } from './layout.ts'
import { DEFAULT_PALETTE, STICKY_KINDS, STICKY_NAMES, type Palette } from './palette.ts'

/** Text safe inside SVG (XML) content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string)
    // characters XML 1.0 does not allow at all (control characters other than tab and newlines)
    .split('').filter((c) => { const code = c.charCodeAt(0); return code >= 0x20 ? code !== 0xfffe && code !== 0xffff : c === '\t' || c === '\n' || c === '\r' }).join('')
}

const FONT = 12
/** An average glyph width of the sans-serif font at 12 px, to wrap labels without measuring. */
const GLYPH = 6.6

/** A label in at most `lines` lines of `width` pixels, the last cut with an ellipsis. */
export function wrapLabel(text: string, width: number, lines = 2): string[] {
  const perLine = Math.max(4, Math.floor(width / GLYPH))
  // Words, and long CamelCase words at their humps (an event type wraps as "Revenue|AtRisk|Flagged").
  const tokens: Array<{ sep: string; text: string }> = []
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const humps = word.length > perLine ? word.split(/(?<=[a-z])(?=[A-Z])/) : [word]
    humps.forEach((hump, i) => tokens.push({ sep: i === 0 && tokens.length > 0 ? ' ' : '', text: hump }))
  }
  const out: string[] = []
  let line = ''
  for (const token of tokens) {
    if (line !== '' && (line + token.sep + token.text).length > perLine) {
      out.push(line)
      line = token.text
    } else line += (line === '' ? '' : token.sep) + token.text
  }
  if (line) out.push(line)
  if (out.length > lines) {
    const kept = out.slice(0, lines)
    kept[lines - 1] = `${kept[lines - 1].slice(0, perLine - 1)}…`
    return kept
  }
  return out.map((l) => (l.length > perLine ? `${l.slice(0, perLine - 1)}…` : l))
}

/** A sticky drawn; a superseded event's is grey, its name struck through, its second line saying so. */
function sticky(s: PlacedSticky, palette: Palette): string {
  const fill = s.superseded ? '#d0d0d0' : palette[s.kind]
  const detail = s.superseded ? [s.detail, 'superseded'].filter(Boolean).join(' · ') : s.detail
  const lines = wrapLabel(s.label, s.width - 12, detail ? 1 : 2)
  if (detail) lines.push(detail)
  const first = s.y + s.height / 2 - ((lines.length - 1) * (FONT + 2)) / 2 + FONT / 3
  const text = lines
    .map((line, i) => {
      const second = detail !== undefined && i === lines.length - 1
      const style = second ? ' fill-opacity="0.7"' : s.superseded ? ' text-decoration="line-through"' : ''
      return `<tspan x="${s.x + 6}" y="${(first + i * (FONT + 2)).toFixed(1)}"${style}>${escapeXml(line)}</tspan>`
    })
    .join('')
  const rotate = s.kind === 'hotspot' ? ` transform="rotate(-2 ${s.x + s.width / 2} ${s.y + s.height / 2})"` : ''
  return `<g class="sticky ${s.kind}${s.superseded ? ' superseded' : ''}"${rotate}><rect x="${s.x}" y="${s.y}" width="${s.width}" height="${s.height}" rx="3" fill="${fill}" stroke="#00000033"/><text font-size="${FONT}" fill="#1b1b1b">${text}</text></g>`
}

/**
 * The storm as a standalone SVG document: every lane and sticky of the layout (not only what a screen
 * shows), a white background (no black boxes), the legend on top, and the whole drawing inside the
 * viewBox (nothing cropped).
 */
export function stormSvg(layout: StormLayout, options: { palette?: Palette; title?: string } = {}): string {
  const palette = options.palette ?? DEFAULT_PALETTE
  const legendHeight = 40
  const width = Math.max(layout.width + 20, 760)
  const height = layout.height + legendHeight + 10
  const parts: string[] = []
  parts.push(`<?xml version="1.0" encoding="UTF-8"?>`)
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`)
  if (options.title) parts.push(`<title>${escapeXml(options.title)}</title>`)
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`)
  // Legend
  let x = 10
  for (const kind of STICKY_KINDS) {
    parts.push(`<g class="legend"><rect x="${x}" y="10" width="18" height="18" rx="2" fill="${palette[kind]}" stroke="#00000033"/><text x="${x + 24}" y="24" font-size="${FONT}" fill="#1b1b1b">${escapeXml(STICKY_NAMES[kind])}</text></g>`)
    x += 24 + STICKY_NAMES[kind].length * (GLYPH + 0.8) + 18
  }
  parts.push(`<g transform="translate(0 ${legendHeight})">`)
  layout.lanes.forEach((lane, i) => {
    parts.push(`<rect x="0" y="${lane.top}" width="${width}" height="${lane.height}" fill="${i % 2 === 0 ? '#f6f7f9' : '#ffffff'}"/>`)
    parts.push(`<text x="10" y="${lane.top + 22}" font-size="13" font-weight="bold" fill="#333">${escapeXml(lane.label)}</text>`)
  })
  for (const column of layout.columns) for (const s of column.stickies) parts.push(sticky(s, palette))
  parts.push(`</g></svg>`)
  return parts.join('\n')
}

export { GEOMETRY }
