import type { FlowProblem } from '../../workspace/flows.ts'
import { plainMessage } from '../draft.ts'

/** Whether `field` is `path` or lies under it (`steps[1].data` holds `steps[1].data.amount` and `steps[1].data[0]`). */
export function under(field: string, path: string): boolean {
  return field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`)
}

/**
 * The engine's problems handed out to the form's fields as it draws them: each field takes the problems
 * at its path or under it (`at`), and whatever no field took is said at the step or the top of the form
 * (`rest`), so no message is lost and none is shown twice.
 */
export class Claims {
  private readonly taken = new Set<FlowProblem>()

  constructor(private readonly problems: readonly FlowProblem[]) {}

  /** The messages at `path` or under it, now taken. */
  at(path: string): string[] {
    const mine = this.problems.filter((p) => !this.taken.has(p) && under(p.field, path))
    mine.forEach((p) => this.taken.add(p))
    return mine.map(plainMessage)
  }

  /** The problems under `path` that no field took (all of them, without a path), now taken. */
  rest(path?: string): FlowProblem[] {
    const left = this.problems.filter((p) => !this.taken.has(p) && (path === undefined || under(p.field, path)))
    left.forEach((p) => this.taken.add(p))
    return left
  }
}
