import { useRef, useState } from 'react'
import type { FlowTarget } from '../../main/ipc/contract.ts'
import type { LibraryFlow } from '../workspace/flows.ts'
import { useFlowSession } from '../workspace/flow-session.ts'
import { useWorkspace } from '../workspace/store.ts'
import { FlowDialog, NameDialog } from './Dialogs.tsx'
import { deleteFlow, duplicateFlow, editFlow, exportFlow, importFlow, newFlow, renameFlow } from './library.ts'
import { startRecording } from './recording.ts'
import { MoreMenu } from './MoreMenu.tsx'
import { ReportView } from './Report.tsx'
import { useFlows } from './store.ts'

/** When a flow last ran, and how it went. */
function LastResult({ flow }: { flow: LibraryFlow }) {
  const last = flow.lastResult
  if (!last) return <span className="muted small">not run yet</span>
  const when = new Date(last.at)
  return (
    <span className={`flow-last ${last.passed ? 'passed' : 'failed'}`} data-testid="flow-last-result">
      {last.passed ? '✓ passed' : `✗ ${last.failedSteps} ${last.failedSteps === 1 ? 'step' : 'steps'} failed`}
      <span className="muted small"> · {Number.isNaN(when.getTime()) ? last.at : when.toLocaleString()}</span>
    </span>
  )
}

type Asking = { kind: 'rename' | 'delete'; flow: LibraryFlow } | null

/**
 * The flow library: the samples (read-only) and the workspace's own flows, each with its last result;
 * Check, Run into this workspace, Edit, Watch; Duplicate, Rename, Export and Delete (asked first);
 * New, Import and Record above the list.
 */
export function Library() {
  const { flows, running, last, run } = useFlows()
  const readOnly = useWorkspace((s) => s.info?.readOnly ?? false)
  const recording = useFlowSession((s) => s.recording)
  const [asking, setAsking] = useState<Asking>(null)
  const picker = useRef<HTMLInputElement>(null)
  const groups: Array<[string, LibraryFlow[]]> = [
    ['This workspace’s flows', (flows ?? []).filter((f) => f.source === 'workspace')],
    ['Sample flows', (flows ?? []).filter((f) => f.source === 'sample')],
  ]
  const busy = (f: LibraryFlow, into: FlowTarget) => running?.file === f.file && running.into === into
  return (
    <div className="screen">
      <div className="flow-library-head">
        <h2>Flows</h2>
        <div className="spacer" />
        <button type="button" className="primary" onClick={newFlow}>New flow</button>
        <button type="button" onClick={() => picker.current?.click()}>Import…</button>
        <input ref={picker} type="file" accept=".json,application/json" hidden aria-label="Import a flow file"
          onChange={(e) => { const file = e.target.files?.[0]; e.target.value = ''; if (file) void importFlow(file) }} />
        {recording
          ? <button type="button" className="danger" onClick={() => useFlowSession.getState().askStop(true)}>■ Stop recording</button>
          : <button type="button" onClick={() => void startRecording()} disabled={readOnly} title="Records the commands you send as a flow">● Record</button>}
      </div>
      <p className="muted">
        <strong>Check</strong> runs a flow as an executable specification in a scratch log: nothing is written here.{' '}
        <strong>Run into this workspace</strong> tries the whole flow first and records it here only when every step passes.
      </p>
      {groups.map(([title, list]) => (
        <section key={title} aria-label={title}>
          <h3>{title}</h3>
          {flows !== null && list.length === 0 && <p className="muted">{title === 'Sample flows' ? 'No sample flows.' : 'None yet: write one (New flow), import one, record one, or make one from the Timeline (Make a spec).'}</p>}
          <ul className="flows">
            {list.map((f) => (
              <li key={f.file} className="flow" data-testid={`flow-${f.file}`}>
                <div className="flow-head">
                  <div>
                    <div className="flow-name">{f.name} {f.readOnly && <span className="badge">sample · read-only</span>}</div>
                    <div className="muted">{f.file} · {f.steps} steps · <LastResult flow={f} /></div>
                    {f.description && <p>{f.description}</p>}
                  </div>
                  <div className="flow-actions">
                    <button disabled={running !== null} onClick={() => void run(f, 'scratch')} title="Runs in a fresh log in memory; nothing is written">{busy(f, 'scratch') ? 'Checking…' : 'Check'}</button>
                    <button disabled={running !== null || readOnly} onClick={() => void run(f, 'workspace')} title={readOnly ? 'This workspace is open read-only' : 'Records the flow’s commands in this workspace'}>
                      {busy(f, 'workspace') ? 'Running…' : 'Run into this workspace'}
                    </button>
                    <button onClick={() => void editFlow(f)}>{f.readOnly ? 'Open' : 'Edit'}</button>
                    <MoreMenu label={`More for ${f.name}`}>
                      {(close) => (
                        <>
                          <button onClick={() => (close(), void duplicateFlow(f))}>Duplicate</button>
                          <button onClick={() => (close(), void exportFlow(f))}>Export</button>
                          {!f.readOnly && <button onClick={() => (close(), setAsking({ kind: 'rename', flow: f }))}>Rename…</button>}
                          {!f.readOnly && <button className="danger" onClick={() => (close(), setAsking({ kind: 'delete', flow: f }))}>Delete…</button>}
                        </>
                      )}
                    </MoreMenu>
                  </div>
                </div>
                {last?.file === f.file && <ReportView report={last.report} flow={last.flow} into={last.into} onWatch={() => useFlows.getState().watch(last)} />}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {asking?.kind === 'rename' && (
        <NameDialog title={`Rename ${asking.flow.name}`} label="File name" submit="Rename" initial={asking.flow.file.replace(/\.flow\.json$/, '')} hint="Saved as <name>.flow.json in this workspace’s flows folder."
          onSubmit={(name) => renameFlow(asking.flow, name)} onClose={() => setAsking(null)} />
      )}
      {asking?.kind === 'delete' && (
        <FlowDialog title={`Delete ${asking.flow.name}?`} submit="Delete" danger onSubmit={() => deleteFlow(asking.flow)} onClose={() => setAsking(null)}>
          <p>{asking.flow.file} is removed from this workspace’s flows folder. Its events, if it was run into the workspace, stay in the log.</p>
        </FlowDialog>
      )}
    </div>
  )
}
