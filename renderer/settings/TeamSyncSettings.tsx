import { useState } from 'react'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import { isDesktop } from '../workspace/host.ts'
import { configureSync, savePassword, showConflicts, syncNow, testConnection, useSync } from '../workspace/sync.ts'
import { toast } from '../workspace/toasts.ts'
import { checkTeamSync, urlProblem, type TeamSyncFields } from './team-sync-fields.ts'

type Field = keyof TeamSyncFields | 'password'

/** The field a host's refusal names, if it is one of the form's. */
function fieldOf(error: CodedError): Field | undefined {
  const field = (error.details as { field?: unknown } | undefined)?.field
  return field === 'url' || field === 'team' || field === 'everySeconds' || field === 'password' ? field : undefined
}

/** The password: a field kept in the OS keychain (desktop), or the note that PGPASSWORD gives it (browser mode). */
function PasswordRow({ error, onError }: { error?: string; onError(field: Field, message: string | undefined): void }) {
  const [password, setPassword] = useState('')
  if (!isDesktop()) {
    return (
      <p className="hint" data-testid="password-from-env">
        <strong>Password:</strong> in browser mode it comes from the <code>PGPASSWORD</code> environment variable of{' '}
        <code>npm run serve</code> (for example <code>PGPASSWORD=… npm run serve</code>); it is never typed into the page nor
        written to the workspace.
      </p>
    )
  }
  const keep = async () => {
    const result = await savePassword(password)
    if (!result.ok) return onError('password', result.error.message)
    onError('password', undefined)
    setPassword('')
    toast({ kind: 'info', message: result.value.stored ? 'Password kept in the system keychain.' : 'Password forgotten.' })
  }
  return (
    <div>
      <label>
        Password
        <input name="password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={!!error} aria-describedby="sync-password-hint" />
      </label>
      <p className="hint" id="sync-password-hint">Kept encrypted in this computer’s keychain, never in the workspace folder. Leave it empty and keep it to forget it.</p>
      {error && <div className="field-error" role="alert">{error}</div>}
      <button type="button" onClick={() => void keep()}>Keep password</button>
    </div>
  )
}

/**
 * Settings ▸ Team sync: the team server's URL (TLS through sslmode), the team, how often to sync when
 * online, the password (keychain or PGPASSWORD), Test connection and Sync now. Each problem shows at its
 * field; the host checks everything again.
 */
export function TeamSyncSettings() {
  // The form starts from the saved settings, once the host has told them.
  const status = useSync((s) => s.status)
  return <TeamSyncForm key={`${status?.configured}|${status?.url}|${status?.team}|${status?.everySeconds}`} />
}

function TeamSyncForm() {
  const { status, unavailable } = useSync()
  const [fields, setFields] = useState<TeamSyncFields>(() => ({ url: status?.url ?? '', team: status?.team ?? '', everySeconds: String(status?.everySeconds ?? 60) }))
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState<null | 'save' | 'test' | 'sync'>(null)
  const setError = (field: Field, message: string | undefined) => setErrors((e) => ({ ...e, [field]: message }))
  const set = (field: keyof TeamSyncFields, value: string) => setFields((f) => ({ ...f, [field]: value }))

  /** A refusal at its field, or as the form's answer. */
  const refusal = (error: CodedError) => {
    const field = fieldOf(error)
    if (field) setError(field, error.message)
    else setAnswer({ ok: false, text: `${error.message} (${error.code})` })
  }

  /** A login outside the team: the server's refusal, in words, at the Team field (true when it was one). */
  const atTeam = (error: CodedError): boolean => {
    if (error.code !== 'SYNC_NOT_A_MEMBER') return false
    setError('team', error.message)
    return true
  }

  const save = async () => {
    const checked = checkTeamSync(fields)
    setAnswer(null)
    if (!checked.ok) return setErrors(checked.problems)
    setErrors({})
    setBusy('save')
    const result = await configureSync(checked.settings)
    setBusy(null)
    if (!result.ok) return refusal(result.error)
    toast({ kind: 'info', message: 'Team sync saved.' })
  }

  const test = async () => {
    const problem = urlProblem(fields.url)
    setErrors((e) => ({ ...e, url: problem, team: undefined }))
    setAnswer(null)
    if (problem) return
    setBusy('test')
    const result = await testConnection({ url: fields.url.trim(), ...(fields.team.trim() ? { team: fields.team.trim() } : {}) })
    setBusy(null)
    if (!result.ok) {
      if (!atTeam(result.error)) setAnswer({ ok: false, text: `Could not connect: ${result.error.message} (${result.error.code})` })
      return
    }
    setAnswer({ ok: true, text: `Connected: PostgreSQL ${result.value.serverVersion}, Stormbook schema version ${result.value.schemaVersion}.` })
  }

  const now = async () => {
    setAnswer(null)
    setError('team', undefined)
    setBusy('sync')
    const result = await syncNow()
    setBusy(null)
    if (!result.ok) {
      if (!atTeam(result.error)) setAnswer({ ok: false, text: `Sync failed: ${result.error.message} (${result.error.code})` })
      return
    }
    const { pushed, pulled, conflicts } = result.value
    setAnswer({ ok: conflicts.length === 0, text: `Pushed ${pushed}, pulled ${pulled}${conflicts.length ? `; ${conflicts.length} in conflict (see the Conflicts panel)` : '; in sync'}.` })
  }

  const error = (field: Field) => errors[field] && <div className="field-error" role="alert">{errors[field]}</div>
  const progress = status?.state === 'syncing' && status.progress?.total ? status.progress : null
  return (
    <section className="team-sync" id="team-sync" aria-labelledby="team-sync-title">
      <h3 id="team-sync-title">Team sync</h3>
      <p className="muted">Share this workspace’s pipeline with your team through a PostgreSQL server. You keep working offline; changes sync when the server can be reached.</p>
      {unavailable && <p className="field-error" role="status">{unavailable.message}</p>}
      <form aria-label="Team sync" onSubmit={(e) => (e.preventDefault(), void save())} noValidate>
        <label>
          Server URL
          <input name="url" value={fields.url} onChange={(e) => set('url', e.target.value)} aria-invalid={!!errors.url} aria-describedby="sync-url-hint" placeholder="postgresql://maria@db.example.com/stormbook?sslmode=require" spellCheck={false} />
        </label>
        <p className="hint" id="sync-url-hint">
          Encrypt the connection with TLS by ending the URL with <code>?sslmode=require</code> (or <code>verify-full</code> to also check the server’s certificate). Leave the password out of it.
        </p>
        {error('url')}
        <label>
          Team
          <input name="team" value={fields.team} onChange={(e) => set('team', e.target.value)} aria-invalid={!!errors.team} placeholder="north-emea" />
        </label>
        {error('team')}
        <label>
          Sync every (seconds, when online)
          <input name="everySeconds" inputMode="numeric" value={fields.everySeconds} onChange={(e) => set('everySeconds', e.target.value)} aria-invalid={!!errors.everySeconds} aria-describedby="sync-every-hint" />
        </label>
        <p className="hint" id="sync-every-hint">0: only when you press Sync now. Online laptops also sync as soon as a teammate pushes.</p>
        {error('everySeconds')}
        <div className="actions start">
          <button type="submit" className="primary" disabled={busy !== null || !!unavailable}>Save team sync</button>
          <button type="button" onClick={() => void test()} disabled={busy !== null || !!unavailable}>{busy === 'test' ? 'Testing…' : 'Test connection'}</button>
          <button type="button" onClick={() => void now()} disabled={busy !== null || !status?.configured}>{busy === 'sync' ? 'Syncing…' : 'Sync now'}</button>
          {status && status.conflicts + status.archived > 0 && <button type="button" onClick={() => showConflicts(true)}>Conflicts ({status.conflicts}) and archive ({status.archived})</button>}
        </div>
      </form>
      <PasswordRow error={errors.password} onError={setError} />
      {answer && <p className={answer.ok ? 'sync-answer ok' : 'sync-answer field-error'} role="status" data-testid="sync-answer">{answer.text}</p>}
      {progress && (
        <div className="sync-first-pull">
          <label>
            Pulling the team log: {progress.pulled.toLocaleString('en-US')} of {progress.total!.toLocaleString('en-US')} events
            <progress max={progress.total!} value={progress.pulled} />
          </label>
        </div>
      )}
      {status?.lastError && status.state === 'offline' && <p className="muted" role="status">Last try: {status.lastError.message}</p>}
      {status?.lastError && status.state === 'not-a-member' && !errors.team && <p className="field-error" role="status" data-testid="sync-not-a-member">{status.lastError.message}</p>}
    </section>
  )
}
