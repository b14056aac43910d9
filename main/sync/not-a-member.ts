import { codedError, isCodedError } from '../../domain/kernel/coded-error.ts'

// The server's own words for a login outside the team (migration 5's check_member, SQLSTATE SB004).
const SERVER_WORDS = /login "([^"]*)" is not a member of team "([^"]*)"/

/** What to tell a rep whose login is not a member of the team: who, which team, and what to ask for. */
export function notAMemberWords(login: string, team: string): string {
  return `Your login "${login}" is not a member of team "${team}". Ask whoever runs the sync server to run: stormbook sync add-member <server url> --team ${team} --login ${login}`
}

/**
 * A sync failure as a rep reads it: SYNC_NOT_A_MEMBER becomes those words, with the team and login in its
 * details (and `field: "team"`, the setting it is about); any other error is answered unchanged.
 */
export function inRepWords(error: unknown): unknown {
  if (!isCodedError(error) || error.code !== 'SYNC_NOT_A_MEMBER') return error
  const said = SERVER_WORDS.exec(error.message)
  if (!said) return error
  const [, login, team] = said
  return codedError('SYNC_NOT_A_MEMBER', notAMemberWords(login, team), { field: 'team', team, login })
}
