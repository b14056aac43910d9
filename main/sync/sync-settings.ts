import { codedError } from '../../domain/kernel/coded-error.ts'

/** What Settings ▸ Team sync sets: the server (no password in it), the team, how often to sync. */
export interface SyncSettings {
  url: string
  team: string
  /** Sync every this many seconds while online; 0: only when asked. */
  everySeconds: number
}

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'])

/** The longest interval between rounds a workspace may ask for (a day). */
export const MAX_EVERY_SECONDS = 86_400

/** Checks a server URL: postgres(ql)://, a host, no password, a known sslmode (SYNC_URL_INVALID / SYNC_URL_HAS_PASSWORD, field url). */
export function checkServerUrl(raw: unknown): string {
  const invalid = (why: string) => codedError('SYNC_URL_INVALID', `url: ${why}`, { field: 'url' })
  if (typeof raw !== 'string' || raw.trim() === '') throw invalid('give the server as postgresql://user@host/database')
  const url = raw.trim()
  // libpq allows an empty host with ?host=/socket/folder (postgresql://user@/db?host=…); WHATWG URL does not.
  const emptyHost = /^[a-z]+:\/\/([^/@]*@)?\//i.test(url)
  let parsed: URL
  try {
    parsed = new URL(emptyHost ? url.replace(/^([a-z]+:\/\/([^/@]*@)?)\//i, '$1socket/') : url)
  } catch {
    throw invalid(`"${url}" is not a URL; give the server as postgresql://user@host/database`)
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw invalid(`the URL must start with postgresql://, not ${parsed.protocol}//`)
  if (parsed.password) {
    throw codedError('SYNC_URL_HAS_PASSWORD', 'url: take the password out of the URL; it is kept in the keychain (or PGPASSWORD), never in the workspace', { field: 'url' })
  }
  if (emptyHost && !parsed.searchParams.get('host')) throw invalid('name the server’s host (postgresql://user@host/database)')
  if (parsed.pathname.length <= 1) throw invalid('name the database after the host (postgresql://user@host/database)')
  const ssl = parsed.searchParams.get('sslmode')
  if (ssl !== null && !SSL_MODES.has(ssl)) throw invalid(`sslmode "${ssl}" is not one of ${[...SSL_MODES].join(', ')}`)
  return url
}

/** Checks a team name: 1–64 letters, digits, spaces, dots, dashes or underscores (SYNC_TEAM_INVALID, field team). */
export function checkTeam(raw: unknown): string {
  const team = typeof raw === 'string' ? raw.trim() : ''
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u.test(team)) {
    throw codedError('SYNC_TEAM_INVALID', 'team: give the team’s name (up to 64 letters, digits, spaces, dots, dashes or underscores)', { field: 'team' })
  }
  return team
}

/** Validates the whole of Settings ▸ Team sync; the first field at fault is named, nothing is kept then. */
export function checkSyncSettings(raw: unknown): SyncSettings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
  const url = checkServerUrl(value.url)
  const team = checkTeam(value.team)
  const every = value.everySeconds
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 0 || every > MAX_EVERY_SECONDS) {
    throw codedError('SYNC_INTERVAL_INVALID', `everySeconds: give a whole number of seconds from 0 (only when asked) to ${MAX_EVERY_SECONDS}`, { field: 'everySeconds' })
  }
  return { url, team, everySeconds: every }
}
