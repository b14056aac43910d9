import { describe, expect, it } from 'vitest'
import { trading } from '../../../domain/trading/index.ts'

describe('the registered policies', () => {
  it('are the six lilac stickies of DOMAIN.md and the two simulated external systems', () => {
    expect(trading.policies.map((p) => [p.name, p.kind ?? 'policy'])).toEqual([
      ['ForwardOrderToBroker', 'policy'], ['SettleTrade', 'policy'], ['ReportOrderFailure', 'policy'], ['CreditDeposit', 'policy'],
      ['WireWithdrawal', 'policy'], ['RefundOnRejection', 'policy'], ['TradeService', 'external'], ['WireSystem', 'external'],
    ])
  })
})
