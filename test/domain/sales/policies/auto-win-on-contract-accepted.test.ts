import { describe, expect, it } from 'vitest'
import { AutoWinOnContractAccepted, sales } from '../../../../domain/sales/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { SalesLog } from '../sales-log.ts'

describe('AutoWinOnContractAccepted', () => {
  it('closes the opportunity as won when the contract is accepted', () => {
    const log = new SalesLog()
    log.run('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    log.run('CreateOpportunity', { opportunityId: 'o-1', customerId: 'acme', name: 'Deal', kind: 'new', amount: '10', closeDate: '2027-03-31', salesOwner: 'rep-7' })
    log.run('QualifyOpportunity', { opportunityId: 'o-1' })
    log.run('SendProposal', { opportunityId: 'o-1' })
    const [accepted] = log.run('AcceptContract', { opportunityId: 'o-1' })
    const [close] = givenLog(sales, log)
      .whenEvent(AutoWinOnContractAccepted, accepted)
      .then([{ command: 'CloseOpportunity', data: { opportunityId: 'o-1', outcome: 'won' } }])
    expect(log.run(close.command, close.data, { policy: 'AutoWinOnContractAccepted' }).map((e) => e.type)).toEqual(['OpportunityWon'])
  })

  it('reacts to ContractAccepted only', () => {
    expect(AutoWinOnContractAccepted.on).toEqual(['ContractAccepted'])
  })
})
