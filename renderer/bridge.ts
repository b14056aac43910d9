import type { EventEnvelope } from '../domain/kernel/envelope.ts'
// The API client is pure (no Node, no electron) and shared with the preload; eslint.config.js should allow main/ipc/client.
import { MAX_BATCH, clientOf } from '../main/ipc/client.ts'
import type { ApiResult, Method, MethodValues, ServerMessage, StormbookApi } from '../main/ipc/contract.ts'

/**
 * The renderer's one way to the engine. Electron's preload exposes `window.stormbook`; in browser mode the
 * same API runs over the host's WebSocket, with the token taken from the page URL.
 */

declare global {
  interface Window {
    stormbook?: StormbookApi
  }
}

/** The part of the browser WebSocket the bridge uses (the `ws` package's client fits it too, for tests). */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

const disconnected = (): ApiResult<never> => ({
  ok: false,
  error: { code: 'DISCONNECTED', message: 'The connection to Stormbook was lost. Restart `npm run serve` and reload the page.' },
})

/** The `stormbook` API over a browser-mode WebSocket. */
export function socketApi(socket: SocketLike): StormbookApi {
  let nextId = 1
  let open = socket.readyState === 1
  let closed = socket.readyState > 1
  const queue: string[] = []
  const pending = new Map<number, (result: ApiResult<any>) => void>()
  const listeners = new Set<(events: EventEnvelope[]) => void>()
  const quoteListeners = new Set<(quotes: MethodValues['market.quotes']) => void>()
  const syncListeners = new Set<(status: MethodValues['sync.status']) => void>()

  socket.addEventListener('open', () => {
    open = true
    for (const text of queue.splice(0)) socket.send(text)
  })
  // A refused or broken connection ends in 'close', where pending calls are answered.
  socket.addEventListener('error', () => undefined)
  socket.addEventListener('close', () => {
    closed = true
    for (const resolve of pending.values()) resolve(disconnected())
    pending.clear()
  })
  socket.addEventListener('message', (event) => {
    let message: ServerMessage
    try {
      message = JSON.parse(String(event.data))
    } catch {
      return
    }
    if (typeof message !== 'object' || message === null) return
    if (message.type === 'response') {
      pending.get(message.id)?.(message.result)
      pending.delete(message.id)
    } else if (message.type === 'events') {
      for (const listener of listeners) listener(message.events)
    } else if (message.type === 'quotes') {
      for (const listener of quoteListeners) listener(message.quotes)
    } else if (message.type === 'sync') {
      for (const listener of syncListeners) listener(message.status)
    }
  })

  function call(method: Method, params: unknown): Promise<ApiResult<any>> {
    if (closed) return Promise.resolve(disconnected())
    const id = nextId++
    const text = JSON.stringify({ id, method, params })
    return new Promise((resolve) => {
      pending.set(id, resolve)
      if (open) socket.send(text)
      else queue.push(text)
    })
  }

  return clientOf(call, {
    onEvents(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    onQuotes(listener) {
      quoteListeners.add(listener)
      return () => quoteListeners.delete(listener)
    },
    onSyncStatus(listener) {
      syncListeners.add(listener)
      return () => syncListeners.delete(listener)
    },
  })
}

/** The socket URL of browser mode for a page at `href` (its `?token=` is the per-run token). */
export function socketUrl(href: string): string {
  const page = new URL(href)
  const protocol = page.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${protocol}//${page.host}/api?token=${encodeURIComponent(page.searchParams.get('token') ?? '')}`
}

/** Dispatches in flight, so the header can say "saving" until the engine has the events on disk. */
function tracked(api: StormbookApi, onBusy: (inFlight: number) => void): StormbookApi {
  let inFlight = 0
  return {
    ...api,
    async dispatch(command) {
      onBusy(++inFlight)
      try {
        return await api.dispatch(command)
      } finally {
        onBusy(--inFlight)
      }
    },
    ...(api.dispatchBatch ? {
      // Split into messages the host takes (MAX_BATCH commands each), sent one after the other, in order.
      async dispatchBatch(commands: Parameters<NonNullable<StormbookApi['dispatchBatch']>>[0]) {
        onBusy(++inFlight)
        try {
          const results: MethodValues['dispatchBatch'] = []
          for (let i = 0; i < commands.length; i += MAX_BATCH) {
            const answer = await api.dispatchBatch!(commands.slice(i, i + MAX_BATCH))
            if (!answer.ok) return answer
            results.push(...answer.value)
          }
          return { ok: true as const, value: results }
        } finally {
          onBusy(--inFlight)
        }
      },
    } : {}),
    market: {
      ...api.market,
      async set(prices) {
        onBusy(++inFlight)
        try {
          return await api.market.set(prices)
        } finally {
          onBusy(--inFlight)
        }
      },
    },
    flows: {
      ...api.flows,
      async run(file, into) {
        // A scratch run writes nothing: the header does not say "saving".
        if (into === 'scratch') return api.flows.run(file, into)
        onBusy(++inFlight)
        try {
          return await api.flows.run(file, into)
        } finally {
          onBusy(--inFlight)
        }
      },
    },
  }
}

const busyListeners = new Set<(inFlight: number) => void>()
let api: StormbookApi | undefined

/** Hears the number of writes in flight. */
export function onBusy(listener: (inFlight: number) => void): () => void {
  busyListeners.add(listener)
  return () => busyListeners.delete(listener)
}

/** The API this page talks to: the preload's in Electron, the WebSocket one in browser mode. */
export function bridge(): StormbookApi {
  if (!api) {
    const raw = window.stormbook ?? socketApi(new WebSocket(socketUrl(window.location.href)))
    api = tracked(raw, (n) => busyListeners.forEach((listener) => listener(n)))
  }
  return api
}

/** Whether this page runs in the desktop app (the preload's API) rather than in browser mode. */
export function isDesktop(): boolean {
  return typeof window !== 'undefined' && window.stormbook !== undefined
}

/** Tests and stories: talk to this API instead. */
export function setApi(replacement: StormbookApi): void {
  api = tracked(replacement, (n) => busyListeners.forEach((listener) => listener(n)))
}
