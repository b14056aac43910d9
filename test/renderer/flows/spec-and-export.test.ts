import { describe, expect, it } from 'vitest'
import type { StormColumn } from '../../../domain/storming/notation/storm.ts'
import { exportScope, freeFileName } from '../../../renderer/timeline/SpecAndExport.tsx'

const column = (first: number, correlationId: string) => ({ first, correlationId, events: [{ position: first }, { position: first + 1 }] }) as unknown as StormColumn

describe('the Timeline’s Make a spec and Export', () => {
  it('saves a spec under a file name the library does not hold yet', () => {
    expect(freeFileName('spec-register.flow.json', new Set())).toBe('spec-register.flow.json')
    expect(freeFileName('spec-register.flow.json', new Set(['spec-register.flow.json', 'spec-register-2.flow.json']))).toBe('spec-register-3.flow.json')
  })

  it('exports the whole log when nothing is filtered, the positions shown when filtered, the cascade when asked', () => {
    const shown = [column(3, 'k1'), column(9, 'k2')]
    expect(exportScope('shown', shown, false, undefined, 'context')).toEqual({ lanes: 'context' })
    expect(exportScope('shown', shown, true, undefined, 'aggregate')).toEqual({ positions: [3, 4, 9, 10], lanes: 'aggregate' })
    expect(exportScope('cascade', shown, true, shown[1], 'context')).toEqual({ correlation: 'k2', lanes: 'context' })
  })
})
