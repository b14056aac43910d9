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

/** Checks the URL at its field: a PostgreSQL URL without a password. */
export function urlProblem(text: string): string | undefined {
  const url = text.trim()
  if (!url) return 'Write the team server’s address, like postgresql://maria@db.example.com/stormbook?sslmode=require.'
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) return 'Must start with postgresql:// (a PostgreSQL server), with no spaces.'
  if (/^postgres(ql)?:\/\/[^/@?#]*:[^/@?#]*@/.test(url)) return 'Leave the password out of the address: it is kept apart (below).'
  return undefined
}

/** Checks the whole form before anything is sent (the host checks it again). */
export function checkTeamSync(fields: TeamSyncFields): CheckedTeamSync {
  const problems: Partial<Record<keyof TeamSyncFields, string>> = {}
  const url = urlProblem(fields.url)
  if (url) problems.url = url
  const team = fields.team.trim()
  if (!team) problems.team = 'Write the team’s name, the same on every laptop of the team.'
  else if (!/^[\w.-]{1,100}$/.test(team)) problems.team = 'Letters, digits, dots, dashes or underscores only, like north-emea.'
  const every = fields.everySeconds.trim()
  if (!/^\d+$/.test(every) || Number(every) > 86_400) problems.everySeconds = 'A whole number of seconds from 0 to 86400 (0: only when you press Sync now).'
  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return { ok: true, settings: { url: fields.url.trim(), team, everySeconds: Number(every) } }
}
