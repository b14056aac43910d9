import type { EventEnvelope } from '../../domain/kernel/index.ts'
import { createApi, type ApiContext } from './api.ts'
import { clientOf } from './client.ts'
import type { StormbookApi } from './contract.ts'

/** Crosses a value the way IPC and the WebSocket do (JSON), so a test sees what a page would see. */
function overTheWire<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value))
}

/**
 * The `stormbook` API over an open workspace, in this process, with no host: the same client, the same
 * validation (every params checked), each value copied as if it had crossed the wire. Tests use it instead
 * of starting a host; it does not close the workspace.
 */
export function inProcessApi(context: ApiContext): StormbookApi {
  const api = createApi(context)
  return clientOf(
    async (method, params) => overTheWire(await api.call(method, overTheWire(params))),
    {
      onEvents(listener) {
        return context.workspace.engine.subscribe((events) => listener(overTheWire(events as EventEnvelope[])))
      },
      onQuotes: (listener) => api.onQuotes((quotes) => listener(overTheWire(quotes))),
      onSyncStatus: (listener) => api.onSyncStatus((status) => listener(overTheWire(status))),
    },
  )
}
