/** A request's path and query, read safely from the raw request target. */
export interface RequestTarget {
  /** The path, percent-decoded (`/assets/a b.js`). */
  path: string
  query: URLSearchParams
}

/**
 * An origin-form target (RFC 9112): a path of RFC 3986 path characters (no `[`, `]`, spaces or controls),
 * then an optional query of visible ASCII (no `#`).
 */
const ORIGIN_FORM = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*(\?[\x21-\x22\x24-\x7e]*)?$/

/**
 * Reads an HTTP request target (origin-form: `/path?query`) without ever throwing: a target that is not a
 * path, cannot be parsed as a URL, or does not percent-decode (`/%E0%A4%A`, `/%ZZ`, `//[`) is null, and
 * the host answers 400.
 */
export function requestTarget(raw: string | undefined): RequestTarget | null {
  if (typeof raw !== 'string' || raw.length > 8192 || !ORIGIN_FORM.test(raw)) return null
  try {
    // Parsed under a fixed origin so that `//x` stays a path, never a host.
    const url = new URL(`http://stormbook.invalid${raw}`)
    if (url.host !== 'stormbook.invalid') return null
    const path = decodeURIComponent(url.pathname)
    if (path.includes('\0')) return null
    return { path, query: url.searchParams }
  } catch {
    return null
  }
}
