import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import { noCompensation, ownEvents, type Compensation, type SentCommand } from '../workspace/compensations.ts'

/** The trading commands this file takes back. */
export const COMPENSATED_TRADING_COMMANDS = ['PlaceOrder'] as const

/** The events that end an order: once one is among a PlaceOrder's events, there is nothing left to cancel. */
const ENDS_ORDER = new Set(['OrderFulfilled', 'OrderFailed', 'OrderCanceled'])

/**
 * The compensating command of a trading command the engine accepted: a PlaceOrder whose order is still
 * pending after its cascade (a limit or stop order waiting for its price) is taken back by CancelOrder; a
 * filled, failed or already canceled order cannot be, and the answer says why in words.
 */
export function tradingCompensation(command: SentCommand, events: EventEnvelope[]): Compensation {
  if (command.command !== 'PlaceOrder') return noCompensation(command)
  const orderId = command.data.orderId
  if (!ownEvents(command, events).some((e) => e.type === 'OrderPlaced')) return noCompensation(command)
  if (events.some((e) => ENDS_ORDER.has(e.type) && e.data.orderId === orderId)) {
    return { ok: false, message: "Can't undo PlaceOrder: the order was already filled or ended; only a pending order can be canceled." }
  }
  return {
    ok: true,
    command: { command: 'CancelOrder', data: { orderId, reason: 'canceled' }, ...(command.actor ? { actor: command.actor } : {}) },
    label: 'cancel the pending order',
  }
}
