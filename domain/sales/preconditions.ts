import type { Precondition } from '../kernel/index.ts'

/** A stream that must (or must not) exist before a command is decided, with the rejection when it does not hold. */
interface StreamPrecondition {
  stream: string
  mustExist: boolean
  code: string
  message: string
}

/**
 * What a sales command needs of other aggregates, which its decider cannot see: the engine checks these
 * against the log before `decide`. CreateOpportunity needs its customer (`UNKNOWN_CUSTOMER`).
 * Called with validated data.
 */
export function salesPreconditions(command: string, data: Record<string, unknown>): StreamPrecondition[] {
  if (command === 'CreateOpportunity' && typeof data.customerId === 'string') {
    return [{ stream: `Customer-${data.customerId}`, mustExist: true, code: 'UNKNOWN_CUSTOMER', message: `No customer ${data.customerId}` }]
  }
  return []
}

/** `salesPreconditions` in the kernel's form (BoundedContext.preconditions): "must exist" = the stream has events. */
export function salesKernelPreconditions(command: string, _aggregate: string, data: Record<string, unknown>): Precondition[] {
  return salesPreconditions(command, data).map(({ stream, mustExist, code, message }) => ({
    aggregate: stream.slice(0, stream.indexOf('-')),
    stream,
    holds: (_state: unknown, version: number) => (version > 0) === mustExist,
    code,
    message,
  }))
}
