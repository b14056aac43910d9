import { describe, expect, it } from 'vitest'
import { blankStep, editable, moved, plainMessage, STEP_KINDS, stepKind } from '../../../renderer/flows/draft.ts'
import { Claims, under } from '../../../renderer/flows/editor/claims.ts'

describe('a flow in the form', () => {
  it('moves a step one place up or down, and not past either end', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c'])
  })

  it('makes a blank step of every kind that is read back as that kind', () => {
    for (const kind of STEP_KINDS) expect(stepKind(blankStep(kind, 'rep'))).toBe(kind)
  })

  it('edits the file’s own shape: without the parser’s step kind, undefined fields or the default wire', () => {
    const parsed = { flow: 'F', description: undefined, wire: 'auto' as const, steps: [{ kind: 'advance', advance: 'P1D', note: undefined }] }
    expect(editable(parsed)).toEqual({ flow: 'F', steps: [{ advance: 'P1D' }] })
    expect(editable({ flow: 'F', wire: 'manual', steps: [] })).toEqual({ flow: 'F', wire: 'manual', steps: [] })
  })
})

describe('the engine’s problems at the form’s fields', () => {
  const problems = [
    { field: 'steps[1].data.amount', code: 'FLOW_INVALID', message: 'steps[1].data.amount: amount must be a decimal' },
    { field: 'steps[1].expect.events[0].data.stage', code: 'FLOW_INVALID', message: 'expected a string' },
    { field: 'steps[1]', code: 'FLOW_INVALID', message: 'steps[1]: a step has one kind, not command and advance' },
  ]

  it('gives each field the messages at its path or under it, without the path, once', () => {
    const claims = new Claims(problems)
    expect(claims.at('steps[1].data.amount')).toEqual(['amount must be a decimal'])
    expect(claims.at('steps[1].data.amount')).toEqual([])
    expect(claims.at('steps[1].expect.events[0].data')).toEqual(['expected a string'])
    expect(claims.rest().map(plainMessage)).toEqual(['a step has one kind, not command and advance'])
  })

  it('tells a path under another from one that only starts alike', () => {
    expect(under('steps[1].data', 'steps[1]')).toBe(true)
    expect(under('steps[10].data', 'steps[1]')).toBe(false)
    expect(under('steps[1][0]', 'steps[1]')).toBe(true)
  })
})
