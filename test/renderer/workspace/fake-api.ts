import type { EventEnvelope } from '../../../domain/kernel/envelope.ts'
import type { ApiResult, MethodValues, Params, StormbookApi } from '../../../main/ipc/contract.ts'

/** What a fake host was asked, in order. */
export interface Calls {
  dispatched: Array<Params<'dispatch'>>
  queries: Array<{ name: string; params?: Record<string, unknown>; options?: { asOf?: number } }>
}

let position = 0

/** An event as the engine would answer it for a command (own event: no policy). */
export function eventOf(type: string, command: string, data: Record<string, unknown> = {}): EventEnvelope {
  position += 1
  return {
    position, id: `e${position}`, stream: 'S-1', version: position, type, at: '2027-01-04T09:00:00Z', data,
    meta: { context: 'sales', aggregate: 'S', command, commandId: `c${position}`, actor: 'rep', policy: null, causationId: 'c', correlationId: 'c', schema: 1 },
  }
}

/** The answer of a method the fake host does not have. */
const notHere = async () => ({ ok: false as const, error: { code: 'NOT_HERE', message: 'not in this fake host' } })
const unavailable = async (): Promise<ApiResult<never>> => ({ ok: false, error: { code: 'SYNC_UNAVAILABLE', message: 'no team sync' } })

/** A host without team sync: every sync.* call answers SYNC_UNAVAILABLE. */
export const noSync: StormbookApi['sync'] = {
  status: unavailable, configure: unavailable, test: unavailable, now: unavailable, conflicts: unavailable, discard: unavailable, retry: unavailable, setPassword: unavailable,
}

/** A host in memory: `answer` decides each dispatch; queries answer an empty list. */
export function fakeApi(answer: (command: Params<'dispatch'>) => ApiResult<MethodValues['dispatch']>): { api: StormbookApi; calls: Calls } {
  const calls: Calls = { dispatched: [], queries: [] }
  const api: StormbookApi = {
    dispatch: async (command) => (calls.dispatched.push(command), answer(command)),
    query: async (name, params, options) => (calls.queries.push({ name, params, options }), { ok: true, value: [] }),
    onEvents: () => () => undefined,
    workspace: {
      info: async () => ({ ok: false, error: { code: 'NOT_HERE', message: 'no workspace' } }),
      updateSettings: async (settings) => ({ ok: true, value: settings }),
      events: async () => ({ ok: true, value: [] }),
    },
    market: {
      quotes: async () => ({ ok: true, value: [] }),
      set: async () => ({ ok: true, value: { events: [], position: 0 } }),
      controls: async () => ({ ok: false, error: { code: 'NO_MARKET', message: 'no market' } }),
      control: async () => ({ ok: false, error: { code: 'NO_MARKET', message: 'no market' } }),
      previewImport: async () => ({ ok: false, error: { code: 'NO_MARKET', message: 'no market' } }),
      import: async () => ({ ok: false, error: { code: 'NO_MARKET', message: 'no market' } }),
    },
    flows: {
      list: async () => ({ ok: true, value: [] }),
      run: async () => ({ ok: false, error: { code: 'NO_FLOW', message: 'no flow' } }),
      read: notHere, save: notHere, rename: notHere, duplicate: notHere, delete: notHere, import: notHere,
      validate: async () => ({ ok: true, value: { problems: [] } }),
      commands: async () => ({ ok: true, value: [] }),
      fromLog: notHere, record: async () => ({ ok: true, value: { recording: false } }), export: notHere,
    },
    storm: { export: notHere },
    sync: noSync,
  }
  return { api, calls }
}
