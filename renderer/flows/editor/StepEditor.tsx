import type { KeyboardEvent } from 'react'
import type { CommandInfo, FlowProblem } from '../../workspace/flows.ts'
import { KIND_LABELS, plainMessage, stepKind, type RawStep } from '../draft.ts'
import { useEditor } from '../editor-store.ts'
import { Claims } from './claims.ts'
import { commandStep } from './CommandStep.tsx'
import { TextField } from './fields.tsx'
import { advanceStep, givenStep, hotspotStep, marketStep, queryStep } from './OtherSteps.tsx'
import { withField, type StepContext } from './step-context.ts'

const BODIES = { command: commandStep, given: givenStep, advance: advanceStep, market: marketStep, hotspot: hotspotStep, query: queryStep }

/** Moves a step and keeps the keyboard where it was (the moved step's control). */
function move(index: number, by: -1 | 1): void {
  const focused = document.activeElement as HTMLElement | null
  useEditor.getState().moveStep(index, by)
  requestAnimationFrame(() => focused?.isConnected && focused.focus())
}

/**
 * One step of the flow in the form: its kind, its fields (each with the engine's messages at it), its
 * note, and the buttons to move it (or Alt+↑/↓ anywhere inside it) and remove it.
 */
export function StepEditor(props: { step: RawStep; index: number; count: number; problems: readonly FlowProblem[]; commands: readonly CommandInfo[]; readOnly: boolean }) {
  const { step, index, count, readOnly } = props
  const kind = stepKind(step)
  const path = `steps[${index}]`
  const claims = new Claims(props.problems)
  const ctx: StepContext = { step, path, claims, commands: props.commands, readOnly, update: (change) => useEditor.getState().changeStep(index, change) }
  const body = BODIES[kind](ctx)
  const note = <TextField label="Note" hint="for the facilitator, optional" value={String(step.note ?? '')} errors={claims.at(`${path}.note`)} readOnly={readOnly} onChange={(t) => ctx.update((s) => withField(s, 'note', t === '' ? undefined : t))} />
  const rest = claims.rest()
  const onKeyDown = (event: KeyboardEvent) => {
    if (readOnly || !event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
    event.preventDefault()
    move(index, event.key === 'ArrowUp' ? -1 : 1)
  }
  const title = `Step ${index + 1}: ${KIND_LABELS[kind]}`
  return (
    <li className={`flow-edit-step kind-${kind}${props.problems.length > 0 ? ' invalid' : ''}`} aria-label={title} data-testid="flow-edit-step" onKeyDown={onKeyDown}>
      <header>
        <h4>{title}</h4>
        {!readOnly && (
          <div className="flow-step-buttons">
            <button type="button" className="ghost small" disabled={index === 0} aria-label={`Move step ${index + 1} up`} title="Move up (Alt+↑)" onClick={() => move(index, -1)}>↑</button>
            <button type="button" className="ghost small" disabled={index === count - 1} aria-label={`Move step ${index + 1} down`} title="Move down (Alt+↓)" onClick={() => move(index, 1)}>↓</button>
            <button type="button" className="ghost small" aria-label={`Remove step ${index + 1}`} title="Remove this step" onClick={() => useEditor.getState().removeStep(index)}>✕</button>
          </div>
        )}
      </header>
      {rest.length > 0 && <div className="field-error" data-testid="field-error">{rest.map(plainMessage).join(' ')}</div>}
      {body}
      {note}
    </li>
  )
}
