import { useEffect, useRef, useState } from 'react'
import { useWorkspace } from '../../workspace/store.ts'
import { KIND_LABELS, plainMessage, STEP_KINDS, type StepKind } from '../draft.ts'
import { useEditor } from '../editor-store.ts'
import { ReportView } from '../Report.tsx'
import { useFlows } from '../store.ts'
import { Claims, under } from './claims.ts'
import { SelectField, TextField } from './fields.tsx'
import { StepEditor } from './StepEditor.tsx'

/**
 * The form a flow is written in: its name, description, start and wire, then its steps, each drawn
 * from its kind (a command's data from the command's schema). Validated as you type with the engine's
 * own messages, each at its field. Save puts it in the workspace's flows; Run checks it as it stands,
 * unsaved, in a scratch log.
 */
export function FlowEditor() {
  const { draft, keys, file, readOnly, dirty, problems, commands, report, running, saving } = useEditor()
  const actor = useWorkspace((s) => s.actor)
  const [kind, setKind] = useState<StepKind>('command')
  const top0 = useRef<HTMLDivElement>(null)
  // A flow opens at its top, wherever the library was scrolled to.
  useEffect(() => {
    top0.current?.scrollIntoView({ block: 'start' })
  }, [file])
  if (!draft) return null
  const e = useEditor.getState()
  const claims = new Claims(problems.filter((p) => !draft.steps.some((_, i) => under(p.field, `steps[${i}]`))))
  const header = {
    flow: claims.at('flow'),
    description: claims.at('description'),
    start: claims.at('start'),
    wire: claims.at('wire'),
  }
  const top = claims.rest()
  const back = () => {
    useEditor.getState().close()
    useFlows.getState().showLibrary()
  }
  const save = async () => {
    if (await e.save()) void useFlows.getState().load()
  }
  return (
    <div ref={top0} className="screen flow-editor" data-testid="flow-editor">
      <div className="flow-editor-head">
        <button type="button" className="ghost" onClick={back}>← Library</button>
        <h2>{file ? (readOnly ? 'Sample flow' : 'Edit flow') : 'New flow'} {file && <span className="muted small">{file}</span>}</h2>
        {readOnly && <span className="badge">sample · read-only: Save keeps a copy in this workspace</span>}
        <div className="spacer" />
        <span className={`flow-validity ${problems.length === 0 ? 'ok' : 'bad'}`} role="status" data-testid="flow-validity">
          {problems.length === 0 ? '✓ The engine accepts this flow' : `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`}
        </span>
        <button type="button" onClick={() => void e.run()} disabled={running} title="Runs the flow as it stands, unsaved, in a scratch log">{running ? 'Running…' : 'Run'}</button>
        <button type="button" className="primary" onClick={() => void save()} disabled={saving || (!dirty && !readOnly && file !== null)}>{saving ? 'Saving…' : readOnly ? 'Save a copy' : 'Save'}</button>
      </div>
      <div className="flow-header-fields">
        <TextField label="Name" value={draft.flow} errors={header.flow} onChange={(t) => e.change((d) => ({ ...d, flow: t }))} />
        <TextField label="Description" hint="optional" value={draft.description ?? ''} errors={header.description} onChange={(t) => e.change((d) => ({ ...d, description: t === '' ? undefined : t }))} />
        <TextField label="Start" hint="ISO instant, optional" placeholder="2027-01-04T09:00:00Z" value={draft.start ?? ''} errors={header.start} onChange={(t) => e.change((d) => ({ ...d, start: t === '' ? undefined : t }))} />
        <SelectField label="Wire" value={draft.wire ?? 'auto'} errors={header.wire} onChange={(v) => e.change((d) => ({ ...d, wire: v === 'auto' ? undefined : (v as 'manual') }))}>
          <option value="auto">auto: the wire system answers by itself</option>
          <option value="manual">manual: a person plays the wire system</option>
        </SelectField>
      </div>
      {top.length > 0 && (
        <div className="field-error flow-top-problems" data-testid="field-error">
          {top.map((p, i) => <div key={i}>{p.field !== '(file)' && p.field !== '' ? <code>{p.field}</code> : null} {plainMessage(p)}</div>)}
        </div>
      )}
      <ol className="flow-edit-steps" aria-label="Steps">
        {draft.steps.map((step, i) => (
          <StepEditor key={keys[i]} step={step} index={i} count={draft.steps.length} commands={commands} readOnly={false}
            problems={problems.filter((p) => under(p.field, `steps[${i}]`))} />
        ))}
      </ol>
      <div className="flow-add-step">
        <label>Add a step{' '}
          <select value={kind} onChange={(ev) => setKind(ev.target.value as StepKind)}>
            {STEP_KINDS.map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => e.addStep(kind, actor)}>Add step</button>
        <span className="muted small">Alt+↑ / Alt+↓ moves the step you are in.</span>
      </div>
      {report && <ReportView report={report} flow={draft.flow} into="scratch" onWatch={() => useFlows.getState().watch({ file: file ?? '', flow: draft.flow, into: 'scratch', report, document: draft })} />}
    </div>
  )
}
