import { z } from 'zod'
import type { AggregateDefinition, BoundedContext, CommandSpec, EventEnvelope, Policy, Precondition, Projection, QueryDefinition, Upcaster } from '../../domain/kernel/index.ts'
import { codedError, describeIssue } from '../../domain/kernel/index.ts'

/** One command as the engine routes it. */
export interface CommandRoute {
  context: BoundedContext
  aggregate: AggregateDefinition
  name: string
  spec: CommandSpec
}

/**
 * Everything the registered contexts offer, indexed for the engine: commands by name, aggregates,
 * policies by event type, projections and their queries, upcasters, settings. The engine knows the
 * contexts only through this.
 */
export class Registry {
  readonly contexts: readonly BoundedContext[]
  private readonly commands = new Map<string, CommandRoute[]>()
  private readonly aggregates = new Map<string, { context: BoundedContext; aggregate: AggregateDefinition }>()
  private readonly policiesByEvent = new Map<string, Policy[]>()
  readonly externalSystems: Policy[] = []
  readonly projections: Projection[] = []
  private readonly queries = new Map<string, { projection: Projection; query: QueryDefinition<unknown> }>()
  private readonly upcasters = new Map<string, Upcaster>()
  private readonly schemas = new Map<string, number>()

  constructor(contexts: readonly BoundedContext[]) {
    this.contexts = contexts
    for (const context of contexts) {
      for (const aggregate of context.aggregates) {
        if (this.aggregates.has(aggregate.name)) throw new Error(`bug: aggregate ${aggregate.name} registered twice`)
        this.aggregates.set(aggregate.name, { context, aggregate })
        for (const [name, spec] of Object.entries(aggregate.commands)) {
          const routes = this.commands.get(name) ?? []
          routes.push({ context, aggregate, name, spec })
          this.commands.set(name, routes)
        }
      }
      for (const policy of context.policies) {
        if (policy.kind === 'external') this.externalSystems.push(policy)
        for (const type of policy.on) {
          const list = this.policiesByEvent.get(type) ?? []
          list.push(policy)
          this.policiesByEvent.set(type, list)
        }
      }
      for (const projection of context.projections) {
        this.projections.push(projection)
        for (const [name, query] of Object.entries(projection.queries)) {
          if (this.queries.has(name)) throw new Error(`bug: query ${name} registered twice`)
          this.queries.set(name, { projection, query: query as QueryDefinition<unknown> })
        }
      }
      for (const upcaster of context.upcasters ?? []) this.upcasters.set(`${upcaster.type}@${upcaster.from}`, upcaster)
      for (const [type, version] of Object.entries(context.eventSchemas ?? {})) this.schemas.set(type, version)
    }
  }

  /**
   * Finds the command a caller means. An unknown name, or one that exists on several aggregates without
   * `aggregate`, is refused with the candidates listed.
   */
  route(name: string, aggregate?: string): CommandRoute {
    const routes = this.commands.get(name)
    if (!routes) {
      const candidates = this.commandNames().filter((c) => c.toLowerCase().includes(name.toLowerCase().slice(0, 4)))
      throw codedError('UNKNOWN_COMMAND', `There is no command ${name}.${candidates.length ? ` Did you mean ${candidates.join(', ')}?` : ''}`, {
        field: 'command',
        candidates: candidates.length ? candidates : this.commandNames(),
      })
    }
    if (aggregate !== undefined) {
      const route = routes.find((r) => r.aggregate.name === aggregate)
      if (!route) {
        throw codedError('UNKNOWN_COMMAND', `${aggregate} has no command ${name}; it exists on ${routes.map((r) => r.aggregate.name).join(', ')}.`, {
          field: 'aggregate',
          candidates: routes.map((r) => r.aggregate.name),
        })
      }
      return route
    }
    if (routes.length > 1) {
      throw codedError('AMBIGUOUS_COMMAND', `${name} exists on ${routes.map((r) => r.aggregate.name).join(' and ')}: name the aggregate.`, {
        field: 'aggregate',
        candidates: routes.map((r) => r.aggregate.name),
      })
    }
    return routes[0]
  }

  /** Every command name, sorted. */
  commandNames(): string[] {
    return [...this.commands.keys()].sort()
  }

  /** Every query name, sorted. */
  queryNames(): string[] {
    return [...this.queries.keys()].sort()
  }

  /** Every aggregate definition by name. */
  aggregateDefinitions(): Map<string, AggregateDefinition> {
    return new Map([...this.aggregates].map(([name, entry]) => [name, entry.aggregate]))
  }

  aggregate(name: string): { context: BoundedContext; aggregate: AggregateDefinition } | undefined {
    return this.aggregates.get(name)
  }

  /** Policies and external systems that react to an event type, in registration order. */
  policiesFor(type: string): readonly Policy[] {
    return this.policiesByEvent.get(type) ?? []
  }

  query(name: string): { projection: Projection; query: QueryDefinition<unknown> } {
    const found = this.queries.get(name)
    if (!found) throw codedError('UNKNOWN_QUERY', `There is no query ${name}. Queries: ${this.queryNames().join(', ')}.`, { field: 'query', candidates: this.queryNames() })
    return found
  }

  preconditions(route: CommandRoute, data: Record<string, unknown>): Precondition[] {
    return route.context.preconditions?.(route.name, route.aggregate.name, data) ?? []
  }

  /** The schema version new events of this type are written with. */
  schemaOf(type: string): number {
    return this.schemas.get(type) ?? 1
  }

  /** Turns an event read from the log into the current shape of its data. */
  upcast = (event: EventEnvelope): EventEnvelope => {
    const target = this.schemaOf(event.type)
    let version = event.meta.schema
    if (version >= target) return event
    let data = event.data
    while (version < target) {
      const upcaster = this.upcasters.get(`${event.type}@${version}`)
      if (!upcaster) throw codedError('NO_UPCASTER', `No upcaster from ${event.type} schema ${version}.`, { type: event.type, schema: version })
      data = upcaster.up(data)
      version++
    }
    return { ...event, data, meta: { ...event.meta, schema: version } }
  }

  /**
   * Workspace settings with every context's defaults filled in. A bad value is refused with
   * SETTINGS_INVALID naming the field; nothing is changed.
   */
  settings(raw: Record<string, unknown>): Record<string, unknown> {
    const merged: Record<string, unknown> = { ...raw }
    for (const context of this.contexts) {
      if (!context.settings) continue
      const parsed = context.settings.safeParse(raw)
      if (!parsed.success) {
        const { field, problem } = describeIssue(parsed.error, ['settings'])
        throw codedError('SETTINGS_INVALID', `${field}: ${problem}`, { field })
      }
      Object.assign(merged, parsed.data)
    }
    return merged
  }
}

/** The envelope of a command as callers send it (IPC, WebSocket, flows, CLI). */
export const commandInputSchema = z.strictObject({
  command: z.string().min(1).max(100),
  aggregate: z.string().min(1).max(100).optional(),
  // Kept as sent (a record schema would copy it and lose an own `__proto__` key); the command's own
  // strict schema checks every field.
  data: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'data must be an object'),
  commandId: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  expectedVersion: z.number().int().min(0).optional(),
})

/** A command as callers send it. */
export type CommandInput = z.infer<typeof commandInputSchema>
