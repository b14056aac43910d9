import { Notification } from 'electron'
import type { EventEnvelope } from '../../domain/kernel/index.ts'

/** What the notifier needs of the engine: its new events and the Opportunity query (for the deal's name). */
export interface NotifyingEngine {
  subscribe(listener: (events: readonly EventEnvelope[]) => void): () => void
  query(name: string, params?: unknown): { ok: true; value: unknown } | { ok: false; error: unknown }
}

function money(amount: unknown): string {
  const n = Number(amount)
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(amount)
}

/** The title and body of the system notification for one RevenueAtRiskFlagged event. */
export function revenueAtRiskNotice(event: EventEnvelope, engine: Pick<NotifyingEngine, 'query'>, workspaceName: string): { title: string; body: string } {
  const data = event.data as { opportunityId?: unknown; amount?: unknown }
  const found = engine.query('Opportunity', { opportunityId: String(data.opportunityId) })
  const name = found.ok && found.value && typeof (found.value as { name?: unknown }).name === 'string'
    ? (found.value as { name: string }).name
    : String(data.opportunityId)
  return {
    title: 'Revenue at risk',
    body: `${name} (${money(data.amount)}) in ${workspaceName}: its customer's churn risk is high.`,
  }
}

/**
 * Raises a system notification for every opportunity newly flagged RevenueAtRiskFlagged in a workspace
 * (events written from now on, not the history replayed on open), where the platform supports them.
 * Returns the unsubscribe function.
 */
export function notifyRevenueAtRisk(engine: NotifyingEngine, workspaceName: () => string, onClick?: () => void): () => void {
  return engine.subscribe((events) => {
    for (const event of events) {
      if (event.type !== 'RevenueAtRiskFlagged') continue
      if (!Notification.isSupported()) return
      const notification = new Notification(revenueAtRiskNotice(event, engine, workspaceName()))
      if (onClick) notification.on('click', onClick)
      notification.show()
    }
  })
}
