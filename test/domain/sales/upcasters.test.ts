import { describe, expect, it } from 'vitest'
import { SalesBook, sales } from '../../../domain/sales/index.ts'
import { SalesLog } from './sales-log.ts'

describe('CustomerRegistered schema 1', () => {
  it('is at schema 2 now', () => {
    expect(sales.eventSchemas).toEqual({ CustomerRegistered: 2 })
  })

  it('is upcast from schema 1 (no segment) with a null segment, and read as such', () => {
    const upcaster = sales.upcasters?.find((u) => u.type === 'CustomerRegistered' && u.from === 1)
    expect(upcaster?.up({ customerId: 'acme', name: 'Acme' })).toEqual({ customerId: 'acme', name: 'Acme', segment: null })

    const log = new SalesLog()
    log.append('Customer-acme', { type: 'CustomerRegistered', data: upcaster!.up({ customerId: 'acme', name: 'Acme' }) })
    expect(log.fold(SalesBook).customers).toEqual([{ customerId: 'acme', name: 'Acme', segment: null, churnRisk: 'low' }])
  })
})
