import { useState } from 'react'
import type { StormColumn } from '../../domain/storming/notation/storm.ts'
import { EXPORT_CHOICES, exportStorm, flowsHost, type ExportFormat, type ExportScope } from '../workspace/flows.ts'
import { useFlowSession } from '../workspace/flow-session.ts'
import { saveFile } from '../workspace/save-file.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject } from '../workspace/toasts.ts'

/*
 * The flows studio on the Timeline: "Make a spec" from a command of the log, and the storm's exports
 * (the current filter or the selected cascade) as files.
 */

/** A file name the library does not hold yet (`x.flow.json`, else `x-2.flow.json`, …). */
export function freeFileName(file: string, taken: ReadonlySet<string>): string {
  if (!taken.has(file)) return file
  const base = file.replace(/\.flow\.json$/, '')
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}.flow.json`)) return `${base}-${n}.flow.json`
}

/**
 * "Make a spec": the command at `position` becomes a given/when/then flow (the earlier events of its
 * streams, the command with its actor, its whole cascade's events), saved in the flow library; then it
 * can be opened in the Flows screen.
 */
export function MakeSpec({ position }: { position: number }) {
  const [saved, setSaved] = useState<{ file: string; name: string; at: number } | null>(null)
  const [busy, setBusy] = useState(false)
  const make = async () => {
    setBusy(true)
    try {
      const spec = await flowsHost.fromLog(position)
      if (!spec.ok) return reject(spec.error)
      const list = await flowsHost.list()
      const file = freeFileName(spec.value.file, new Set(list.ok ? list.value.map((f) => f.file) : []))
      const result = await flowsHost.save(file, spec.value.flow)
      if (!result.ok) return reject(result.error)
      setSaved({ file: result.value.file, name: spec.value.flow.flow, at: position })
    } finally {
      setBusy(false)
    }
  }
  const open = () => {
    if (!saved) return
    useFlowSession.getState().requestOpen(saved.file)
    useWorkspace.getState().go('flows')
  }
  return (
    <div className="spec-maker" data-testid="make-spec">
      <button type="button" className="small" onClick={() => void make()} disabled={busy} title="Makes a given/when/then flow of this command and its cascade">
        {busy ? 'Making a spec…' : 'Make a spec'}
      </button>
      {saved && saved.at === position && (
        <p role="status" className="small">
          Saved “{saved.name}” as {saved.file} in the flow library.{' '}
          <button type="button" className="link" onClick={open}>Open in Flows</button>
        </p>
      )}
    </div>
  )
}

/** What to export: the selected command's cascade, or what the storm shows (the whole log when nothing is filtered). */
export function exportScope(scope: 'shown' | 'cascade', shown: readonly StormColumn[], filtered: boolean, selected: StormColumn | undefined, lanes: 'context' | 'aggregate'): ExportScope {
  if (scope === 'cascade' && selected) return { correlation: selected.correlationId, lanes }
  if (!filtered) return { lanes }
  return { positions: shown.flatMap((c) => c.events.map((e) => e.position)), lanes }
}

/** The Timeline's Export menu: what is shown or the selected cascade, in each format, saved as a file. */
export function ExportMenu(props: { shown: readonly StormColumn[]; filtered: boolean; selected?: StormColumn; lanes: 'context' | 'aggregate' }) {
  const [scope, setScope] = useState<'shown' | 'cascade'>('shown')
  const [busy, setBusy] = useState<ExportFormat | null>(null)
  const run = async (format: ExportFormat) => {
    setBusy(format)
    const result = await exportStorm(format, exportScope(props.selected ? scope : 'shown', props.shown, props.filtered, props.selected, props.lanes))
    setBusy(null)
    if (result.ok) saveFile(result.value)
    else reject(result.error)
  }
  return (
    <details className="export-menu" data-testid="export-menu">
      <summary>Export</summary>
      <div className="export-menu-body" role="group" aria-label="Export the storm">
        <fieldset>
          <legend>What</legend>
          <label><input type="radio" name="export-scope" checked={scope === 'shown' || !props.selected} onChange={() => setScope('shown')} /> {props.filtered ? `What is shown (${props.shown.length} commands)` : 'The whole log'}</label>
          <label><input type="radio" name="export-scope" disabled={!props.selected} checked={scope === 'cascade' && !!props.selected} onChange={() => setScope('cascade')} /> The selected command’s cascade</label>
        </fieldset>
        {EXPORT_CHOICES.map(([format, label]) => (
          <button key={format} type="button" className="small" disabled={busy !== null} onClick={() => void run(format)}>{busy === format ? 'Exporting…' : label}</button>
        ))}
      </div>
    </details>
  )
}
