import { describe, expect, it } from 'vitest'
import { Customer } from '../../../domain/sales/customer.ts'
import { given } from '../../support/gwt.ts'

const registered = { type: 'CustomerRegistered', data: { customerId: 'acme', name: 'Acme', segment: null } }
const flaggedHigh = { type: 'ChurnRiskFlagged', data: { customerId: 'acme', level: 'high', previousLevel: 'low', reason: null } }

describe('RegisterCustomer', () => {
  it('registers a customer with its segment', () => {
    given(Customer)
      .when('RegisterCustomer', { customerId: 'acme', name: 'Acme', segment: 'enterprise' })
      .then([{ type: 'CustomerRegistered', data: { customerId: 'acme', name: 'Acme', segment: 'enterprise' } }])
  })

  it('records a missing segment as null', () => {
    const [event] = given(Customer).when('RegisterCustomer', { customerId: 'acme', name: 'Acme' }).then(['CustomerRegistered'])
    expect(event.data).toEqual({ customerId: 'acme', name: 'Acme', segment: null })
  })

  it('rejects a customer that is already registered with CUSTOMER_EXISTS', () => {
    given(Customer, [registered]).when('RegisterCustomer', { customerId: 'acme', name: 'Acme again' }).thenRejects('CUSTOMER_EXISTS')
  })

  it('rejects a missing name with INVALID_COMMAND naming the field', () => {
    given(Customer).when('RegisterCustomer', { customerId: 'acme' }).thenRejects('INVALID_COMMAND', 'name')
  })

  it('rejects an unknown field with INVALID_COMMAND naming it', () => {
    given(Customer).when('RegisterCustomer', { customerId: 'acme', name: 'Acme', tier: 'gold' }).thenRejects('INVALID_COMMAND', 'tier')
  })
})

describe('FlagChurnRisk', () => {
  it('flags a new customer (churn risk low) as high, naming the previous level', () => {
    given(Customer, [registered])
      .when('FlagChurnRisk', { customerId: 'acme', level: 'high', reason: 'champion left' })
      .then([{ type: 'ChurnRiskFlagged', data: { customerId: 'acme', level: 'high', previousLevel: 'low', reason: 'champion left' } }])
  })

  it('records a missing reason as null and remembers the last level', () => {
    const [event] = given(Customer, [registered, flaggedHigh]).when('FlagChurnRisk', { customerId: 'acme', level: 'medium' }).then(['ChurnRiskFlagged'])
    expect(event.data).toEqual({ customerId: 'acme', level: 'medium', previousLevel: 'high', reason: null })
  })

  it('does nothing when the level is the same again', () => {
    given(Customer, [registered, flaggedHigh]).when('FlagChurnRisk', { customerId: 'acme', level: 'high' }).thenNothing()
  })

  it('does nothing when a new customer is flagged low (a new customer is low)', () => {
    given(Customer, [registered]).when('FlagChurnRisk', { customerId: 'acme', level: 'low' }).thenNothing()
  })

  it('rejects an unregistered customer with UNKNOWN_CUSTOMER', () => {
    given(Customer).when('FlagChurnRisk', { customerId: 'acme', level: 'high' }).thenRejects('UNKNOWN_CUSTOMER')
  })

  it('rejects a level outside low|medium|high with INVALID_COMMAND naming the field', () => {
    given(Customer, [registered]).when('FlagChurnRisk', { customerId: 'acme', level: 'critical' }).thenRejects('INVALID_COMMAND', 'level')
  })

  it('addresses the customer stream by customerId', () => {
    expect(Customer.commands.FlagChurnRisk.id({ customerId: 'acme', level: 'high' })).toBe('acme')
    expect(Customer.commands.RegisterCustomer.id({ customerId: 'globex', name: 'Globex' })).toBe('globex')
  })
})
