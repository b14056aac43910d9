import { describe, expect, it } from 'vitest'
import { SalesBook, sales } from '../../../domain/sales/index.ts'
import { givenLog, givenOldEvent } from '../../support/gwt.ts'
import { SalesLog } from './sales-log.ts'

describe('CustomerRegistered schema 1', () => {
  it('is at schema 2 now', () => {
    expect(sales.eventSchemas).toEqual({ CustomerRegistered: 2 })
  })

  it('is upcast from schema 1 (no segment) with a null segment, and read as such', () => {
    givenOldEvent(sales, { type: 'CustomerRegistered', schema: 1, data: { customerId: 'acme', name: 'Acme' } })
      .whenRead()
      .then({ customerId: 'acme', name: 'Acme', segment: null })

    const log = new SalesLog()
    log.append('Customer-acme', { type: 'CustomerRegistered', data: { customerId: 'acme', name: 'Acme' } }, { schema: 1 })
    givenLog(sales, log).whenQuery('Customers').then([{ customerId: 'acme', name: 'Acme', segment: null, churnRisk: 'low' }])
    expect(log.fold(SalesBook).customers).toEqual([{ customerId: 'acme', name: 'Acme', segment: null, churnRisk: 'low' }])
  })
})
