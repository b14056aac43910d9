/** Who issued the command behind an event, and what it caused: enough to draw any log as an event storm. */
export interface EventMeta {
  context: string
  aggregate: string
  command: string
  commandId: string
  actor: string | null
  policy: string | null
  causationId: string
  correlationId: string
  schema: number
  /**
   * The command's validated data, on the first event a command appended (absent on the others and in logs
   * written before it was kept): what a spec made from the log, a sync rebase and a reused commandId need.
   */
  input?: Record<string, unknown>
}

/** One event as it stands in the log (one line of events.jsonl, without its crc). */
export interface EventEnvelope<D = Record<string, unknown>> {
  position: number
  id: string
  stream: string
  version: number
  type: string
  at: string
  data: D
  meta: EventMeta
}

/** An event as a decider emits it, before the engine gives it a place in the log. */
export interface DomainEvent<T extends string = string, D = Record<string, unknown>> {
  type: T
  data: D
}

/** A command as a decider receives it: the name and its validated payload. */
export interface DomainCommand<T extends string = string, D = Record<string, unknown>> {
  type: T
  data: D
}
