import { Dec, money } from '../../kernel/index.ts'

/** One purchase still (partly) held: shares and what they cost, commission included, in cents. */
interface Lot {
  quantity: number
  cost: string
}

/**
 * What the shares of one symbol cost, kept both ways so either basis can be answered at query time:
 * `cost` is what the shares held cost at the moving average, `lots` their purchases in order (FIFO).
 */
export interface CostBasis {
  quantity: number
  cost: string
  lots: Lot[]
}

/** The cost of the shares sold, under each basis. */
interface SaleCost {
  average: string
  fifo: string
}

/** How a sale's realized P&L is measured: moving average (default) or first in, first out. */
export type CostBasisMethod = 'average' | 'fifo'

/** A position with nothing bought yet. */
export function emptyCostBasis(): CostBasis {
  return { quantity: 0, cost: '0.00', lots: [] }
}

/** A purchase: `cost` is what it took out of cash (price × quantity + commission). Mutates and returns the basis. */
export function recordPurchase(basis: CostBasis, quantity: number, cost: string): CostBasis {
  basis.quantity += quantity
  basis.cost = money(new Dec(basis.cost).plus(cost))
  basis.lots.push({ quantity, cost: money(cost) })
  return basis
}

/** A sale of `quantity` shares: removes their cost under both bases and says what it was. Mutates the basis. */
export function recordSale(basis: CostBasis, quantity: number): SaleCost {
  const sold = Math.min(quantity, basis.quantity)
  const average = sold === basis.quantity ? basis.cost : money(new Dec(basis.cost).times(sold).div(basis.quantity))
  basis.cost = money(new Dec(basis.cost).minus(average))
  let fifo = new Dec(0)
  let left = sold
  while (left > 0 && basis.lots.length > 0) {
    const lot = basis.lots[0]
    const take = Math.min(left, lot.quantity)
    const part = take === lot.quantity ? lot.cost : money(new Dec(lot.cost).times(take).div(lot.quantity))
    fifo = fifo.plus(part)
    lot.quantity -= take
    lot.cost = money(new Dec(lot.cost).minus(part))
    if (lot.quantity === 0) basis.lots.shift()
    left -= take
  }
  basis.quantity -= sold
  return { average, fifo: money(fifo) }
}

/** The cost of the shares still held under a basis. */
export function heldCost(basis: CostBasis, method: CostBasisMethod): string {
  return method === 'fifo' ? money(basis.lots.reduce((total, lot) => total.plus(lot.cost), new Dec(0))) : basis.cost
}
