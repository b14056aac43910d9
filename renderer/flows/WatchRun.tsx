import { useEffect, useMemo, useRef, useState } from 'react'
import { stormSvg } from '../../domain/storming/notation/svg.ts'
import { GEOMETRY } from '../../domain/storming/notation/layout.ts'
import { StepView, stepState } from './Report.tsx'
import { MoreMenu } from './MoreMenu.tsx'
import { useFlows, type LastRun } from './store.ts'
import { EXPORT_CHOICES, flowsHost, type ExportFormat } from '../workspace/flows.ts'
import { saveFile } from '../workspace/save-file.ts'
import { reject } from '../workspace/toasts.ts'
import { firstFailure, watchedStorm } from './watch.ts'

/** How long each step shows before the next one comes, while playing. */
export const STEP_MS = 900
const MARKS = { ok: '✓', failed: '✗', hotspot: '◆' }

/**
 * Watch a run: the flow builds on a storm drawing one step at a time (play, pause, step back and forth),
 * each step's columns marked passed or failed, the failing step named beside the drawing.
 */
export function WatchRun({ run }: { run: LastRun }) {
  const { report } = run
  const last = report.steps.length - 1
  const [at, setAt] = useState(-1)
  const [playing, setPlaying] = useState(true)
  useEffect(() => {
    if (!playing) return
    if (at >= last) {
      setPlaying(false)
      return
    }
    const timer = setTimeout(() => setAt((i) => Math.min(last, i + 1)), at < 0 ? 200 : STEP_MS)
    return () => clearTimeout(timer)
  }, [playing, at, last])
  const { layout, marks } = useMemo(() => watchedStorm(report, at), [report, at])
  const svg = useMemo(() => stormSvg(layout, { title: run.flow }), [layout, run.flow])
  const failing = firstFailure(report)
  const storm = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // The newest step's columns stay in view as the storm grows to the right.
    const box = storm.current
    const right = marks.filter((m) => m.step === at).reduce((max, m) => Math.max(max, m.x + GEOMETRY.columnWidth), 0)
    if (box && right > 0 && right > box.scrollLeft + box.clientWidth) box.scrollTo({ left: right - box.clientWidth + 40, behavior: 'smooth' })
  }, [marks, at])
  const step = (by: -1 | 1) => {
    setPlaying(false)
    setAt((i) => Math.max(-1, Math.min(last, i + by)))
  }
  const current = at >= 0 ? report.steps[at] : undefined
  return (
    <div className="screen flow-watch" data-testid="flow-watch">
      <div className="flow-editor-head">
        <button type="button" className="ghost" onClick={() => useFlows.getState().back()}>← Back</button>
        <h2>Watching {run.flow}</h2>
        <span className={`flow-validity ${report.ok ? 'ok' : 'bad'}`}>{report.ok ? '✓ every step passed' : `✗ step ${failing + 1} failed`}</span>
        <ExportRun run={run} />
      </div>
      <div className="flow-watch-controls" role="group" aria-label="Play the run">
        <button type="button" onClick={() => { setAt(-1); setPlaying(true) }} >↺ From the start</button>
        <button type="button" onClick={() => step(-1)} disabled={at < 0} aria-label="Step back">◀ Step</button>
        <button type="button" className="primary" onClick={() => (at >= last ? (setAt(-1), setPlaying(true)) : setPlaying(!playing))}>{playing ? '⏸ Pause' : '▶ Play'}</button>
        <button type="button" onClick={() => step(1)} disabled={at >= last} aria-label="Step forward">Step ▶</button>
        <span role="status" className="muted" data-testid="watch-position">
          {current ? `Step ${at + 1} of ${last + 1}: ${current.label} ${MARKS[stepState(current)]}` : `${last + 1} steps`}
        </span>
      </div>
      <div className="flow-watch-body">
        <div ref={storm} className="flow-watch-storm" aria-label={`The storm of ${run.flow} as far as step ${at + 1}`} role="img">
          <div className="flow-watch-marks" style={{ width: Math.max(layout.width + 20, 760) }}>
            {marks.map((m, i) => (
              <span key={i} className={`flow-watch-mark ${m.state}${m.step === at ? ' current' : ''}`} style={{ left: m.x + GEOMETRY.stickyWidth / 2 - 11 }} title={`Step ${m.step + 1}`} data-testid="watch-mark">
                {MARKS[m.state]}
              </span>
            ))}
          </div>
          {/* The SVG is made by the notation from the report's events; every text in it is escaped. */}
          <div className="flow-watch-svg" dangerouslySetInnerHTML={{ __html: svg.replace(/^<\?xml[^>]*>\s*/, '') }} />
        </div>
        <ol className="flow-steps flow-watch-steps" aria-label="Steps">
          {report.steps.map((s, i) => (
            <StepView key={s.index} step={s} current={i === at} pending={i > at} />
          ))}
        </ol>
      </div>
    </div>
  )
}

/**
 * The watched flow's own storm as a file (the design document, Mermaid, SVG, PNG, events, the flow):
 * the flow run in scratch with its hotspots raised, as `stormbook export <flow-file>` writes it.
 */
function ExportRun({ run }: { run: LastRun }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null)
  const of = run.document ? { flow: run.document } : run.file ? { file: run.file } : null
  if (!of) return null
  const save = async (format: ExportFormat) => {
    setBusy(format)
    const result = await flowsHost.exportRun(format, of)
    setBusy(null)
    if (result.ok) saveFile(result.value)
    else reject(result.error)
  }
  return (
    <MoreMenu label={`Export the storm of ${run.flow}`} text="Export ▾">
      {(close) => EXPORT_CHOICES.map(([format, label]) => (
        <button key={format} type="button" disabled={busy !== null} onClick={() => void save(format).finally(close)}>{busy === format ? 'Exporting…' : label}</button>
      ))}
    </MoreMenu>
  )
}
