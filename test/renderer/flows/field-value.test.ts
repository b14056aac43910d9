import { describe, expect, it } from 'vitest'
import { fieldText, fieldValue, jsonValue } from '../../../renderer/flows/field-value.ts'
import type { CommandField } from '../../../renderer/workspace/flows.ts'

const field = (type: CommandField['type']): CommandField => ({ name: 'x', type, required: false })

describe('a command field typed in the form', () => {
  it('reads a decimal as people type it ("12,000.50" → "12000.50"), a negative one too', () => {
    expect(fieldValue(field('decimal'), '12,000.50')).toBe('12000.50')
    expect(fieldValue(field('decimal'), '$ 48 000')).toBe('48000')
    expect(fieldValue(field('decimal'), '-7.5')).toBe('-7.5')
  })

  it('passes text that is not its type on as typed, so the engine names the problem at the field', () => {
    expect(fieldValue(field('decimal'), '12,00.5x')).toBe('12,00.5x')
    expect(fieldValue(field('integer'), 'ten')).toBe('ten')
    expect(fieldValue(field('object'), '{"a":')).toBe('{"a":')
  })

  it('reads integers, numbers, booleans and JSON, and leaves an empty field out', () => {
    expect(fieldValue(field('integer'), '1,200')).toBe(1200)
    expect(fieldValue(field('number'), '2.5')).toBe(2.5)
    expect(fieldValue(field('boolean'), 'true')).toBe(true)
    expect(fieldValue(field('array'), '["a"]')).toEqual(['a'])
    expect(fieldValue(field('decimal'), '  ')).toBeUndefined()
    expect(fieldValue(field('date'), '')).toBeUndefined()
  })

  it('shows values as text, objects as indented JSON', () => {
    expect(fieldText(undefined)).toBe('')
    expect(fieldText(3)).toBe('3')
    expect(fieldText({ a: 1 })).toBe('{\n  "a": 1\n}')
    expect(jsonValue('[1')).toMatchObject({ ok: false })
    expect(jsonValue('')).toEqual({ ok: true, value: undefined })
  })
})
