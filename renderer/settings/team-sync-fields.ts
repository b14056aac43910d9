/** The Team sync form as typed. */
export interface TeamSyncFields {
  url: string
  team: string
  everySeconds: string
}

/** The form checked: the settings to save, or each field's problem in words. */
export type CheckedTeamSync =
  | { ok: true; settings: { url: string; team: string; everySeconds: number } }
  | { ok: false; problems: Partial<Record<keyof TeamSyncFields, string>> }

/** Whether the URL was given (its form, sslmode and the absence of a password are the host's checks, shown at the field). */
export function urlProblem(text: string): string | undefined {
  return text.trim() ? undefined : 'Write the team server’s address, like postgresql://maria@db.example.com/stormbook?sslmode=require.'
}

/**
 * Checks what the form alone can tell (given, a whole number) before anything is sent; the host checks the
 * URL and the team's rules and names the field at fault, shown there too.
 */
export function checkTeamSync(fields: TeamSyncFields): CheckedTeamSync {
  const problems: Partial<Record<keyof TeamSyncFields, string>> = {}
  const url = urlProblem(fields.url)
  if (url) problems.url = url
  const team = fields.team.trim()
  if (!team) problems.team = 'Write the team’s name, the same on every laptop of the team.'
  const every = fields.everySeconds.trim()
  if (!/^\d+$/.test(every) || Number(every) > 86_400) problems.everySeconds = 'A whole number of seconds from 0 to 86400 (0: only when you press Sync now).'
  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return { ok: true, settings: { url: fields.url.trim(), team, everySeconds: Number(every) } }
}
