import { useEffect, useId, useRef, useState } from 'react'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { SyncConflictView } from '../../main/ipc/contract.ts'
import { useFocusTrap } from '../workspace/focus-trap.ts'
import { query } from '../workspace/queries.ts'
import { discardConflict, retryConflict, showConflicts, useSync } from '../workspace/sync.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { addNames, commandInWords, eventInWords, NAMING_QUERIES, ruleInWords, words, type Names } from '../../domain/kernel/conflict-words.ts'

/** The names of the deals and customers, by id (now, not as replayed). */
async function loadNames(): Promise<Names> {
  const names = new Map<string, string>()
  for (const name of NAMING_QUERIES) {
    const result = await query<unknown>(name, {}, { now: true })
    if (result.ok) addNames(names, result.value)
  }
  return names
}

/** Whether the host lists a conflict from the archive (sync.json's, kept across sessions). */
const inArchive = (c: SyncConflictView) => typeof c.archivedAt === 'string'

/** How an archived conflict was set aside, in words ("discarded", "retried"); a session's discard before the host answers: "discarded". */
const outcomeOf = (c: SyncConflictView) => c.outcome ?? (c.archivedAt ? undefined : 'discarded')

/** The fields of a command a person may edit: its values other than ids. */
function editableFields(data: Record<string, unknown>): string[] {
  return Object.keys(data).filter((key) => !/Id$/.test(key) && (typeof data[key] === 'string' || typeof data[key] === 'number'))
}

/** Edit & retry: a small form of the command's data fields, re-decided on the merged state. */
function RetryForm({ conflict, names, onDone }: { conflict: SyncConflictView; names: Names; onDone(): void }) {
  const fields = editableFields(conflict.data)
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f, String(conflict.data[f])])))
  const [refused, setRefused] = useState<CodedError | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async () => {
    setBusy(true)
    const data = { ...conflict.data }
    for (const f of fields) data[f] = typeof conflict.data[f] === 'number' && values[f].trim() !== '' && !Number.isNaN(Number(values[f])) ? Number(values[f]) : values[f].trim()
    const result = await retryConflict(conflict.id, data)
    setBusy(false)
    if (!result.ok) return setRefused(result.error)
    const left = result.value.conflicts.length
    toast({ kind: 'info', message: left === 0 ? `${words(conflict.command)} was decided again and pushed.` : `${words(conflict.command)} was decided again.` })
    onDone()
  }
  const at = (field: string) => refused && (refused.details as { field?: string } | undefined)?.field === field
  return (
    <form className="retry-form" aria-label={`Edit ${words(conflict.command).toLowerCase()}`} onSubmit={(e) => (e.preventDefault(), void submit())} noValidate>
      {fields.length === 0 && <p className="muted">This command has no fields to edit; retry decides it again as it is.</p>}
      {fields.map((field, i) => (
        <div key={field}>
          <label>
            {words(field)}
            <input name={field} value={values[field]} autoFocus={i === 0} aria-invalid={!!at(field)} onChange={(e) => setValues({ ...values, [field]: e.target.value })} />
          </label>
          {at(field) && <div className="field-error" role="alert">{ruleInWords(refused!.message, names)}</div>}
        </div>
      ))}
      {refused && !fields.some(at) && <div className="field-error" role="alert">Still refused: {ruleInWords(refused.message, names)} <code className="code">{refused.code}</code></div>}
      <div className="actions">
        <button type="button" onClick={onDone}>Cancel</button>
        <button type="submit" className="primary" disabled={busy}>Retry</button>
      </div>
    </form>
  )
}

/** One refused command: in words, the rule that refused it, theirs, and what can be done. */
function ConflictItem({ conflict, names, archived }: { conflict: SyncConflictView; names: Names; archived: boolean }) {
  const [editing, setEditing] = useState(false)
  const discard = async () => {
    const result = await discardConflict(conflict)
    if (result.ok) toast({ kind: 'info', message: `${commandInWords(conflict.command, conflict.data, names)}: discarded, kept in the archive.` })
    else reject(result.error)
  }
  return (
    <li className={`conflict${archived ? ' archived' : ''}`} data-testid="conflict">
      <div className="conflict-command">
        {commandInWords(conflict.command, conflict.data, names)}
        {archived && <span className="badge">archived{outcomeOf(conflict) ? ` · ${outcomeOf(conflict)}` : ''}</span>}
      </div>
      <div className="conflict-rule">
        <span className="muted">Refused:</span> {ruleInWords(conflict.message, names)} <code className="code">{conflict.code}</code>
      </div>
      <div className="conflict-theirs">
        <span className="muted">Theirs, which got there first:</span>
        <ul>{conflict.theirs.map((event) => <li key={event.id}>{eventInWords(event, names)}</li>)}</ul>
      </div>
      {!archived && !editing && (
        <div className="actions">
          <button type="button" onClick={() => void discard()}>Discard</button>
          <button type="button" className="primary" onClick={() => setEditing(true)}>Edit &amp; retry</button>
        </div>
      )}
      {!archived && editing && <RetryForm conflict={conflict} names={names} onDone={() => setEditing(false)} />}
    </li>
  )
}

function ConflictsDialog() {
  const { conflicts, archived } = useSync()
  const [names, setNames] = useState<Names>(new Map())
  const ref = useRef<HTMLDivElement>(null)
  const title = useId()
  const close = () => showConflicts(false)
  useFocusTrap(ref, close)
  useEffect(() => {
    void loadNames().then(setNames)
  }, [])
  const open = conflicts.filter((c) => !inArchive(c) && !archived[c.id])
  const listed = conflicts.filter(inArchive)
  const shownArchived = [...listed, ...Object.values(archived).filter((a) => !listed.some((c) => c.id === a.id))]
  return (
    <div className="overlay" onClick={close}>
      <div className="dialog conflicts-dialog" role="dialog" aria-modal="true" aria-labelledby={title} ref={ref} onClick={(e) => e.stopPropagation()}>
        <h2 id={title}>Conflicts</h2>
        <p className="muted">
          Someone else changed the same deal first, and these changes of yours no longer fit. Nothing was lost: discard one (it is
          kept in the archive) or edit it and retry.
        </p>
        {open.length === 0 && <p role="status">No conflicts: every change of yours is in the team log.</p>}
        <ul className="conflicts">{open.map((c) => <ConflictItem key={c.id} conflict={c} names={names} archived={false} />)}</ul>
        {shownArchived.length > 0 && (
          <>
            <h3>Archived</h3>
            <ul className="conflicts">{shownArchived.map((c) => <ConflictItem key={c.id} conflict={c} names={names} archived />)}</ul>
          </>
        )}
        <div className="actions">
          <button type="button" onClick={close}>Close</button>
        </div>
      </div>
    </div>
  )
}

/** The Conflicts panel: each refused pending command, its rule and theirs; Discard or Edit & retry. Esc closes. */
export function ConflictsPanel() {
  const open = useSync((s) => s.conflictsOpen)
  return open ? <ConflictsDialog /> : null
}
