import { useEffect, useRef } from 'react'
import type { FlowReport, FlowTarget, StepReport } from '../../main/ipc/contract.ts'

/**
 * A run's report: a mark for each step, its note and what it caused, and for a failed step what was
 * expected beside what happened, field by field in words. "Watch" replays it on a storm drawing.
 */
export function ReportView({ report, flow, into, onWatch }: { report: FlowReport; flow: string; into: FlowTarget; onWatch?: () => void }) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    // A statement, not the effect's return value: newer browsers return a promise from scrollIntoView.
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [report])
  const checked = report.steps.filter((s) => s.kind !== 'hotspot')
  const failed = checked.filter((s) => !s.ok).length
  const refused = into === 'workspace' && report.written === false
  const where = into === 'scratch' ? 'checked in a scratch log; nothing was written here' : refused ? 'tried for this workspace; nothing was written' : 'run into this workspace'
  return (
    <section ref={ref} className="flow-report" aria-label={`Report of ${flow}`} data-testid="flow-report">
      <div className="flow-report-head">
        <h3 role="status" className={report.ok ? 'passed' : 'failed'}>
          {report.ok ? '✓' : '✗'} {flow}: {report.ok ? `all ${checked.length} steps passed` : `${failed} of ${checked.length} steps failed`}
          <span className="muted small"> · {where}</span>
        </h3>
        {onWatch && <button type="button" className="small" onClick={onWatch}>Watch the run</button>}
      </div>
      {refused && (
        <div className="flow-failure flow-conflicts" role="alert" data-testid="flow-conflicts">
          {report.conflicts && report.conflicts.length > 0
            ? `Nothing was written: ${report.conflicts.join('; ')}.`
            : 'Nothing was written: a step would fail here (see below).'}
        </div>
      )}
      <ol className="flow-steps">
        {report.steps.map((step) => <StepView key={step.index} step={step} />)}
      </ol>
    </section>
  )
}

/** A step's mark: ✓ passed, ✗ failed, ◆ a hotspot (not checked). */
export function stepState(step: StepReport): 'ok' | 'failed' | 'hotspot' {
  return step.kind === 'hotspot' ? 'hotspot' : step.ok ? 'ok' : 'failed'
}

const MARKS = { ok: '✓', failed: '✗', hotspot: '◆' }

/** One step of a report. */
export function StepView({ step, current, pending }: { step: StepReport; current?: boolean; pending?: boolean }) {
  const state = stepState(step)
  return (
    <li className={`flow-step ${state}${current ? ' current' : ''}${pending ? ' pending' : ''}`} data-testid="flow-step" aria-current={current ? 'step' : undefined}>
      <span className="mark" aria-label={state === 'ok' ? 'passed' : state}>{MARKS[state]}</span>
      <div>
        <div>{step.label}</div>
        {step.note && <div className="flow-note muted small" data-testid="flow-note">note: {step.note}</div>}
        {step.rejected && <div className="muted small">refused: <span className="code">{step.rejected.code}</span> {step.rejected.message}</div>}
        {step.events.length > 0 && (
          <div className="muted small">
            → {step.events.map((e) => `${e.type}${e.policy ? ` (by ${e.policy})` : e.actor && step.kind !== 'command' ? ` (by ${e.actor})` : ''}`).join(', ')}
          </div>
        )}
        {step.kind === 'command' && !step.rejected && step.events.length === 0 && <div className="muted small">→ nothing happens</div>}
        {!step.ok && (
          <div className="flow-failure" role="alert">
            <div>{step.failure ?? 'failed'}</div>
            {step.differences && step.differences.length > 0 && (
              <ul className="flow-differences" aria-label="Expected beside actual">
                {step.differences.map((line, i) => <li key={i}>{line}</li>)}
              </ul>
            )}
          </div>
        )}
      </div>
    </li>
  )
}
