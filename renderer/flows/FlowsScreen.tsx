import { useEffect, useRef } from 'react'
import type { StepReport } from '../../main/ipc/contract.ts'
import { useWorkspace } from '../workspace/store.ts'
import { useFlows, type LastRun } from './store.ts'

/**
 * The sample flows: scripted scenarios that teach a context. "Check" runs one as an executable
 * specification in a scratch log (nothing is written, so it can be run again and again); "Run into this
 * workspace" tries it in a scratch copy of this workspace first and records its events only when every
 * step passes (else nothing is written and the ids that already exist are named). Either way the report
 * shows each step's mark, note and what it caused, and for a failed step what was expected beside what
 * happened, field by field in words.
 */
export function FlowsScreen() {
  const { flows, running, last, run } = useFlows()
  const readOnly = useWorkspace((s) => s.info?.readOnly ?? false)
  useEffect(() => {
    // Each visit starts afresh, as the screen always did: the list read again, no report shown.
    useFlows.setState({ flows: null, running: null, last: null })
    void useFlows.getState().load()
  }, [])
  return (
    <div className="screen">
      <h2>Sample flows</h2>
      <p className="muted">
        <strong>Check</strong> runs a flow as an executable specification in a scratch log: nothing is written here.{' '}
        <strong>Run into this workspace</strong> tries the whole flow first and records it here only when every step passes.
      </p>
      {flows !== null && flows.length === 0 && <p className="muted">There are no flows in this workspace's flows folder.</p>}
      <ul className="flows">
        {(flows ?? []).map((f) => (
          <li key={f.file} className="flow" data-testid={`flow-${f.file}`}>
            <div className="flow-head">
              <div>
                <div className="flow-name">{f.flow}</div>
                <div className="muted">{f.file} · {f.steps} steps</div>
                {f.description && <p>{f.description}</p>}
              </div>
              <div className="flow-actions">
                <button disabled={running !== null} onClick={() => void run(f, 'scratch')} title="Runs in a fresh log in memory; nothing is written">
                  {running?.file === f.file && running.into === 'scratch' ? 'Checking…' : 'Check'}
                </button>
                <button disabled={running !== null || readOnly} onClick={() => void run(f, 'workspace')} title={readOnly ? 'This workspace is open read-only' : 'Records the flow’s commands in this workspace'}>
                  {running?.file === f.file && running.into === 'workspace' ? 'Running…' : 'Run into this workspace'}
                </button>
              </div>
            </div>
            {last?.file === f.file && <FlowReportView run={last} />}
          </li>
        ))}
      </ul>
    </div>
  )
}

function FlowReportView({ run }: { run: LastRun }) {
  const { report } = run
  const ref = useRef<HTMLElement>(null)
  useEffect(() => {
    // A statement, not the effect's return value: newer browsers return a promise from scrollIntoView.
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' })
  }, [run])
  const checked = report.steps.filter((s) => s.kind !== 'hotspot')
  const failed = checked.filter((s) => !s.ok).length
  const refused = run.into === 'workspace' && report.written === false
  const where = run.into === 'scratch' ? 'checked in a scratch log; nothing was written here' : refused ? 'tried for this workspace; nothing was written' : 'run into this workspace'
  return (
    <section ref={ref} className="flow-report" aria-label={`Report of ${run.flow}`} data-testid="flow-report">
      <h3 role="status" className={report.ok ? 'passed' : 'failed'}>
        {report.ok ? '✓' : '✗'} {run.flow}: {report.ok ? `all ${checked.length} steps passed` : `${failed} of ${checked.length} steps failed`}
        <span className="muted small"> · {where}</span>
      </h3>
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

function StepView({ step }: { step: StepReport }) {
  const mark = step.kind === 'hotspot' ? '◆' : step.ok ? '✓' : '✗'
  const state = step.kind === 'hotspot' ? 'hotspot' : step.ok ? 'ok' : 'failed'
  return (
    <li className={`flow-step ${state}`} data-testid="flow-step">
      <span className="mark" aria-label={state === 'ok' ? 'passed' : state}>{mark}</span>
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
