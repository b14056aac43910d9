import { useRef, useState } from 'react'
import { useFocusTrap } from '../workspace/focus-trap.ts'
import { sendCommand } from '../workspace/commands.ts'
import { useWorkspace } from '../workspace/store.ts'
import { IMPORT_FIELDS, countByCode, guessKind, guessMapping, importRows, previewFile, readImportCsv, type ImportFile, type ImportKind, type ImportSummary, type Mapping, type PreviewRow } from './csv-import.ts'
import { usePipeline } from './store.ts'

/** The file as read by readImportCsv, with its name. */
type ParsedFile = ImportFile & { name: string }

type Step = 'choose' | 'map' | 'preview' | 'importing' | 'done'

const MAX_LISTED = 200

/**
 * CSV import of a CRM export: choose a file → map its columns (guessed by header name) → preview with the rows
 * that fail and why → nothing is sent until the rep confirms → a progress bar while the commands go out → a summary.
 */
export function CsvImportDialog() {
  const [step, setStep] = useState<Step>('choose')
  const [file, setFile] = useState<ParsedFile | null>(null)
  const [readError, setReadError] = useState<string | null>(null)
  const [kind, setKind] = useState<ImportKind>('opportunities')
  const [mapping, setMapping] = useState<Mapping>({})
  const [progress, setProgress] = useState({ done: 0, total: 0 })
  const [summary, setSummary] = useState<ImportSummary | null>(null)
  const customers = usePipeline((s) => s.customers)
  const opportunities = usePipeline((s) => s.opportunities)
  const actor = useWorkspace((s) => s.actor)
  const close = () => step !== 'importing' && usePipeline.getState().setImporting(false)
  const dialog = useRef<HTMLDivElement>(null)
  useFocusTrap(dialog, () => close())

  const [preview, setPreview] = useState<PreviewRow[]>([])
  // The preview is made once, when the rep asks for it: its made-up ids are the ones sent on confirm.
  const showPreview = () => {
    if (!file) return
    setPreview(previewFile(kind, file, mapping, { customers, opportunityIds: opportunities.map((o) => o.opportunityId), actor, newId: () => crypto.randomUUID() }))
    setStep('preview')
  }
  const good = preview.filter((r) => r.ok)
  const bad = preview.filter((r) => !r.ok)

  const read = (chosen: File | undefined) => {
    if (!chosen) return
    setReadError(null)
    // readImportCsv counts lines as written (a quoted cell may span several) and names an unclosed quote's line.
    chosen.text().then((text) => {
      const read = readImportCsv(text)
      if (read.headers.length === 0 || (read.rows.length === 0 && read.problems.length === 0)) {
        setReadError(read.problems[0]?.message ?? `${chosen.name} has no header row or no data rows.`)
        return
      }
      const guessed = guessKind(read.headers)
      setFile({ ...read, name: chosen.name })
      setKind(guessed)
      setMapping(guessMapping(guessed, read.headers))
      setStep('map')
    }, (error: unknown) => setReadError(`${chosen.name} cannot be read: ${error instanceof Error ? error.message : String(error)}`))
  }

  const run = async () => {
    const commands = good.flatMap((r) => (r.ok ? [r] : []))
    const refused: ImportSummary['refused'] = bad.flatMap((r) => (r.ok ? [] : [{ line: r.line, label: r.label, code: r.problems[0].code, message: r.problems.map((p) => p.message).join('; ') }]))
    setStep('importing')
    setProgress({ done: 0, total: commands.length })
    const sent = await importRows(commands, (command) => sendCommand(command, { quiet: true, undoable: false }), (done) => {
      if (done % 5 === 0 || done === commands.length) setProgress({ done, total: commands.length })
    })
    refused.push(...sent.refused)
    refused.sort((a, b) => a.line - b.line)
    setSummary({ imported: sent.imported, refused })
    // The board refreshes on the rows' pushed events.
    setStep('done')
  }

  const mappedRequired = IMPORT_FIELDS[kind].every((f) => !f.required || mapping[f.key])

  return (
    <div className="overlay" onClick={close}>
      <div ref={dialog} className="dialog wide" role="dialog" aria-modal="true" aria-label="Import CSV" onClick={(e) => e.stopPropagation()}>
        <h2>Import CSV {file && <span className="muted small">· {file.name}</span>}</h2>
        <ol className="steps" aria-label="Steps">
          {(['choose', 'map', 'preview', 'done'] as const).map((s, i) => (
            <li key={s} className={s === step || (s === 'done' && step === 'importing') ? 'current' : undefined}>{i + 1}. {{ choose: 'File', map: 'Columns', preview: 'Preview', done: 'Import' }[s]}</li>
          ))}
        </ol>

        {step === 'choose' && (
          <>
            <p>A CRM export of customers or opportunities, with a header row. Nothing is imported until you confirm.</p>
            <label>CSV file <input type="file" accept=".csv,text/csv" data-testid="csv-file" onChange={(e) => read(e.target.files?.[0])} /></label>
            {readError && <p className="field-error" role="alert">{readError}</p>}
            <div className="actions"><button type="button" onClick={close}>Cancel</button></div>
          </>
        )}

        {step === 'map' && file && (
          <>
            <label>The file holds <select value={kind} data-testid="import-kind" onChange={(e) => {
              const next = e.target.value as ImportKind
              setKind(next)
              setMapping(guessMapping(next, file.headers))
            }}>
              <option value="customers">Customers (RegisterCustomer)</option>
              <option value="opportunities">Opportunities (CreateOpportunity)</option>
            </select></label>
            <table className="table mapping" data-testid="mapping">
              <thead><tr><th>Field</th><th>Column of {file.name}</th></tr></thead>
              <tbody>
                {IMPORT_FIELDS[kind].map((field) => (
                  <tr key={field.key}>
                    <td>{field.label}{field.required && <span className="muted"> *</span>}</td>
                    <td>
                      <select aria-label={`Column for ${field.label}`} value={mapping[field.key] ?? ''} onChange={(e) => setMapping({ ...mapping, [field.key]: e.target.value })}>
                        <option value="">{field.required ? '— choose a column —' : field.key === 'kind' ? '— none: every deal is "new" —' : '— none: made up —'}</option>
                        {file.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!mappedRequired && <p className="field-error">Choose a column for every field marked *.</p>}
            <div className="actions">
              <button type="button" onClick={() => setStep('choose')}>Back</button>
              <button type="button" className="primary" disabled={!mappedRequired} onClick={showPreview}>Preview {file.rows.length} rows</button>
            </div>
          </>
        )}

        {step === 'preview' && (
          <>
            <p data-testid="preview-summary"><strong>{good.length}</strong> of {preview.length} rows can be imported; <strong>{bad.length}</strong> {bad.length === 1 ? 'fails' : 'fail'}.</p>
            {bad.length > 0 && (
              <div className="scroll-box">
                <table className="table" data-testid="bad-rows">
                  <thead><tr><th className="num">Line</th><th>Row</th><th>Why</th></tr></thead>
                  <tbody>
                    {bad.slice(0, MAX_LISTED).map((r) => (
                      <tr key={r.line} data-testid="bad-row">
                        <td className="num">{r.line}</td>
                        <td>{r.label}</td>
                        <td>{!r.ok && r.problems.map((p) => <div key={p.code + p.message}>{p.message} <code className="code">{p.code}</code></div>)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {bad.length > MAX_LISTED && <p className="muted">…and {bad.length - MAX_LISTED} more.</p>}
              </div>
            )}
            {good.length > 0 && <p className="muted small">To import: {good.slice(0, 5).map((r) => r.label).join(', ')}{good.length > 5 ? `, and ${good.length - 5} more` : ''}.</p>}
            <div className="actions">
              <button type="button" onClick={() => setStep('map')}>Back</button>
              <button type="button" onClick={close}>Cancel</button>
              <button type="button" className="primary" disabled={good.length === 0} onClick={() => void run()}>Import {good.length} {kind}</button>
            </div>
          </>
        )}

        {step === 'importing' && (
          <div role="status">
            <p>Importing {progress.done} of {progress.total}…</p>
            <progress max={progress.total || 1} value={progress.done} data-testid="import-progress" style={{ width: '100%' }} />
          </div>
        )}

        {step === 'done' && summary && (
          <>
            <p data-testid="import-summary"><strong>{summary.imported}</strong> imported, <strong>{summary.refused.length}</strong> refused{summary.refused.length > 0 && <>: {countByCode(summary.refused).map(([code, n]) => <span key={code}>{n} × <code className="code">{code}</code> </span>)}</>}</p>
            {summary.refused.length > 0 && (
              <div className="scroll-box">
                <table className="table"><tbody>
                  {summary.refused.slice(0, MAX_LISTED).map((r) => <tr key={r.line}><td className="num">line {r.line}</td><td>{r.label}</td><td>{r.message} <code className="code">{r.code}</code></td></tr>)}
                </tbody></table>
              </div>
            )}
            <div className="actions"><button type="button" className="primary" onClick={close}>Done</button></div>
          </>
        )}
      </div>
    </div>
  )
}
