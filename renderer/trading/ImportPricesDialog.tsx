import { useEffect, useRef, useState } from 'react'
import type { ImportPreview } from '../../main/ipc/contract.ts'
import { importPrices, previewPriceImport } from '../workspace/host.ts'
import { reject as toastRefusal, toast } from '../workspace/toasts.ts'
import { formatPrice } from './format.ts'
import { csvHeaders, guessColumns, IMPORT_COLUMNS, importRequest, type ColumnChoice } from './import-columns.ts'
import { useMarketControls } from './market-controls.ts'

const NO_COLUMNS: ColumnChoice = { date: '', open: '', high: '', low: '', close: '', volume: '', symbol: '' }

/**
 * Imports a vendor CSV of daily bars: pick a file, map its columns (guessed from the header), a preview of
 * the first bars, each symbol's range and every problem by line; nothing is imported until the trader
 * confirms. A modal dialog: the focus stays inside, Esc closes it.
 */
export function ImportPricesDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  const [readError, setReadError] = useState<string | null>(null)
  const [columns, setColumns] = useState<ColumnChoice>(NO_COLUMNS)
  const [symbol, setSymbol] = useState('')
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [busy, setBusy] = useState(false)
  const headers = file ? csvHeaders(file.text) : []
  const mapped = IMPORT_COLUMNS.every((c) => !c.required || columns[c.key])

  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
    return () => element?.close()
  }, [])

  // Every change of the file, the columns or the symbol previews again (nothing is written).
  useEffect(() => {
    setPreview(null)
    if (!file || !mapped) return
    let current = true
    const timer = setTimeout(() => {
      void previewPriceImport(importRequest(file.text, columns, symbol))?.then((result) => {
        if (!current) return
        if (result.ok) setPreview(result.value)
        else setReadError(`${result.error.code}: ${result.error.message}`)
      })
    }, 150)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [file, columns, symbol, mapped])

  const read = (chosen: File | undefined) => {
    if (!chosen) return
    setReadError(null)
    chosen.text().then((text) => {
      setFile({ name: chosen.name, text })
      setColumns(guessColumns(csvHeaders(text)))
    }, (error: unknown) => setReadError(`${chosen.name} cannot be read: ${error instanceof Error ? error.message : String(error)}`))
  }

  const confirm = async () => {
    if (!file || !preview) return
    setBusy(true)
    const result = await importPrices(importRequest(file.text, columns, symbol))
    setBusy(false)
    if (!result) return toastRefusal({ code: 'NO_MARKET', message: 'This host has no market to import prices into.' })
    if (!result.ok) return toastRefusal(result.error)
    useMarketControls.setState({ controls: result.value.controls })
    toast({ kind: 'info', message: `Imported ${result.value.imported.map((h) => `${h.bars} daily bars of ${h.symbol} (${h.from} … ${h.to})`).join(', ')}.` })
    onClose()
  }

  const ready = !!preview && preview.problems.length === 0 && preview.symbols.length > 0
  return (
    <dialog ref={dialog} className="dialog wide import-prices" aria-label="Import prices" onCancel={(e) => (e.preventDefault(), onClose())}>
      {/* Focus guards: Tab past either end of the modal comes back in at the other end, never to the browser. */}
      <span tabIndex={0} className="focus-guard" onFocus={() => edge(dialog.current, 'last')} />
      <h2>Import prices {file && <span className="muted small">· {file.name}</span>}</h2>
      <p>A CSV of daily bars from a data vendor, with a header row. Nothing is imported until you confirm; then the market can replay it day by day.</p>
      <label>CSV file <input type="file" accept=".csv,text/csv" data-testid="prices-file" onChange={(e) => read(e.target.files?.[0])} /></label>
      {readError && <p className="field-error" role="alert">{readError}</p>}
      {file && (
        <div className="import-columns">
          {IMPORT_COLUMNS.map(({ key, label, required }) => (
            <label key={key}>{label}{required ? ' *' : ''}
              <select aria-label={`${label} column`} value={columns[key]} onChange={(e) => setColumns({ ...columns, [key]: e.target.value })}>
                <option value="">{required ? '— choose —' : key === 'symbol' ? '— typed in below —' : '— none —'}</option>
                {headers.map((h) => <option key={h} value={h}>{h}</option>)}
              </select>
            </label>
          ))}
          {!columns.symbol && <label>Symbol of these bars <input name="symbol" placeholder="ACME" value={symbol} onChange={(e) => setSymbol(e.target.value)} /></label>}
        </div>
      )}
      {file && !mapped && <p className="field-error">Choose a column for every field marked *.</p>}
      {preview && <PreviewTables preview={preview} />}
      <div className="actions">
        <button type="button" onClick={onClose}>Cancel</button>
        <button type="button" className="primary" disabled={!ready || busy} onClick={() => void confirm()}>
          {ready ? `Import ${preview!.symbols.reduce((n, s) => n + s.bars, 0)} bars` : 'Import'}
        </button>
      </div>
      <span tabIndex={0} className="focus-guard" onFocus={() => edge(dialog.current, 'first')} />
    </dialog>
  )
}

/** Focuses the first or last enabled control of the dialog (the guards themselves left out). */
function edge(dialog: HTMLDialogElement | null, which: 'first' | 'last'): void {
  const controls = [...(dialog?.querySelectorAll<HTMLElement>('input, select, button') ?? [])].filter((c) => !(c as HTMLButtonElement).disabled)
  ;(which === 'first' ? controls[0] : controls.at(-1))?.focus()
}

/** What the preview found: every problem by line, else each symbol's range and the first bars. */
function PreviewTables({ preview }: { preview: ImportPreview }) {
  if (preview.problems.length > 0) {
    return (
      <>
        <p className="field-error" data-testid="import-summary">{preview.problems.length === 1 ? '1 problem' : `${preview.problems.length} problems`}: nothing can be imported until the file is fixed.</p>
        <div className="scroll-box">
          <table className="table compact" data-testid="import-problems">
            <thead><tr><th className="num">Line</th><th>Column</th><th>Problem</th></tr></thead>
            <tbody>{preview.problems.map((p, i) => <tr key={i} data-testid="import-problem"><td className="num">{p.line}</td><td>{p.column}</td><td>{p.message}</td></tr>)}</tbody>
          </table>
        </div>
      </>
    )
  }
  return (
    <>
      <p data-testid="import-summary">{preview.symbols.map((s) => `${s.symbol}: ${s.bars} daily bars, ${s.from} … ${s.to}`).join(' · ')}</p>
      <table className="table compact" data-testid="import-preview">
        <thead><tr><th>Symbol</th><th>Date</th><th className="num">Open</th><th className="num">High</th><th className="num">Low</th><th className="num">Close</th></tr></thead>
        <tbody>{preview.sample.map((b) => <tr key={`${b.symbol}-${b.date}`}><td>{b.symbol}</td><td>{b.date}</td><td className="num">{formatPrice(b.open)}</td><td className="num">{formatPrice(b.high)}</td><td className="num">{formatPrice(b.low)}</td><td className="num">{formatPrice(b.close)}</td></tr>)}</tbody>
      </table>
    </>
  )
}
