import { describe, expect, it } from 'vitest'
import { emptyCostBasis, heldCost, recordPurchase, recordSale } from '../../../../domain/trading/read-model/cost-basis.ts'

describe('cost basis', () => {
  it('keeps the moving-average cost and the FIFO lots of the shares held', () => {
    const basis = recordPurchase(recordPurchase(emptyCostBasis(), 10, '1009.99'), 10, '1209.99')
    expect(basis).toEqual({ quantity: 20, cost: '2219.98', lots: [{ quantity: 10, cost: '1009.99' }, { quantity: 10, cost: '1209.99' }] })
    expect(heldCost(basis, 'average')).toBe('2219.98')
    expect(heldCost(basis, 'fifo')).toBe('2219.98')
  })

  it('takes a sale at the average cost, or from the oldest lots first, rounded half-even to the cent', () => {
    const basis = recordPurchase(recordPurchase(emptyCostBasis(), 10, '1009.99'), 10, '1209.99')
    expect(recordSale(basis, 5)).toEqual({ average: '555.00', fifo: '505.00' })
    expect(heldCost(basis, 'average')).toBe('1664.98')
    expect(heldCost(basis, 'fifo')).toBe('1714.98')
    expect(basis.lots).toEqual([{ quantity: 5, cost: '504.99' }, { quantity: 10, cost: '1209.99' }])
  })

  it('takes a sale across lots and empties the basis when every share is sold', () => {
    const basis = recordPurchase(recordPurchase(emptyCostBasis(), 3, '30.00'), 3, '60.00')
    expect(recordSale(basis, 4)).toEqual({ average: '60.00', fifo: '50.00' })
    expect(basis.lots).toEqual([{ quantity: 2, cost: '40.00' }])
    expect(recordSale(basis, 2)).toEqual({ average: '30.00', fifo: '40.00' })
    expect(basis).toEqual({ quantity: 0, cost: '0.00', lots: [] })
  })
})
