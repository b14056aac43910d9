import { useState } from 'react'
import type { CodedError } from '../../domain/kernel/coded-error.ts'
import type { OpportunityRow } from '../../domain/sales/read-model/customers-and-opportunities.ts'
import { usePipeline } from './store.ts'

/** Today as the screen's calendar date (YYYY-MM-DD, local time). */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** A next step is overdue when its due date is before today. */
export function isOverdue(row: Pick<OpportunityRow, 'nextStep'>, on = today()): boolean {
  return !!row.nextStep && row.nextStep.due < on
}

/** A next step is due when its due date is today or earlier (the board's "Due" filter). */
export function isDue(row: Pick<OpportunityRow, 'nextStep'>, on = today()): boolean {
  return !!row.nextStep && row.nextStep.due <= on
}

/** The panel's next step: what it is and when, "Done" (CompleteNextStep), and a form to schedule or replace it (ScheduleNextStep). */
export function NextStepEditor({ opportunity, open }: { opportunity: OpportunityRow; open: boolean }) {
  const step = opportunity.nextStep ?? null
  const [text, setText] = useState('')
  const [due, setDue] = useState('')
  const [error, setError] = useState<CodedError | null>(null)
  const fieldOf = (e: CodedError | null) => (e?.details as { field?: string } | undefined)?.field
  const at = (field: string) => (error && (fieldOf(error) === field || (field === 'form' && fieldOf(error) !== 'text' && fieldOf(error) !== 'due')) ? error : null)

  const schedule = async () => {
    if (!text.trim()) return setError({ code: 'INVALID_COMMAND', message: 'Write what the next step is.', details: { field: 'text' } })
    if (!due) return setError({ code: 'INVALID_COMMAND', message: 'Choose the date it is due.', details: { field: 'due' } })
    const refused = await usePipeline.getState().sendFor('ScheduleNextStep', { opportunityId: opportunity.opportunityId, text: text.trim(), due })
    setError(refused)
    if (!refused) {
      setText('')
      setDue('')
    }
  }
  const complete = async () => setError(await usePipeline.getState().sendFor('CompleteNextStep', { opportunityId: opportunity.opportunityId }))

  return (
    <section className="next-step" aria-label="Next step" data-testid="next-step">
      <h3>Next step</h3>
      {step ? (
        <p>
          <span data-testid="next-step-text">{step.text}</span> · due <span data-testid="next-step-due">{step.due}</span>
          {isOverdue(opportunity) && <span className="badge danger">overdue</span>}{' '}
          {open && <button className="small" onClick={() => void complete()}>Done</button>}
        </p>
      ) : (
        <p className="muted">None scheduled.</p>
      )}
      {open && (
        <div className="next-step-form">
          <label>{step ? 'Replace with' : 'What'} <input name="next-step-text" maxLength={200} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={!!at('text')} /></label>
          {at('text') && <div className="field-error" role="alert">{at('text')!.message}</div>}
          <label>Due <input name="next-step-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} aria-invalid={!!at('due')} /></label>
          {at('due') && <div className="field-error" role="alert">{at('due')!.message}</div>}
          <button onClick={() => void schedule()}>Schedule</button>
          {at('form') && <div className="field-error" role="alert">{at('form')!.message} <code className="code">{at('form')!.code}</code></div>}
        </div>
      )}
    </section>
  )
}
