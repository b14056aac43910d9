import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import type { Params } from '../../main/ipc/contract.ts'

/** A command sent through the command path, as the undo history keeps it. */
export type SentCommand = Params<'dispatch'>

/** How to take a command back: the compensating command, or why the domain has none. */
export type Compensation = { ok: true; command: SentCommand; label: string } | { ok: false; message: string }

/** What a feature knew just before its command went out (a reopen does not say how the deal had closed). */
export type Before = Record<string, unknown>

/** A feature's knowledge of how to take back its commands (DOMAIN.md has no "undo": only compensating commands). */
export interface Compensator {
  /** The compensating command of an accepted command, from the events it caused. */
  compensate(command: SentCommand, events: EventEnvelope[], before: Before): Compensation
  /** What the feature knows before the command is sent (looked up again when it is redone). */
  before?(command: SentCommand): Before
}

const registered = new Map<string, Compensator>()

/** A feature registers how its commands are taken back, by command name. */
export function registerCompensator(commands: readonly string[], compensator: Compensator): void {
  for (const command of commands) registered.set(command, compensator)
}

/** The answer for a command no compensating command takes back. */
export function noCompensation(command: SentCommand): Compensation {
  return { ok: false, message: `Can't undo ${command.command}: the domain has no compensating command.` }
}

/** The events the command itself caused on its target, not the policies' cascade after it. */
export function ownEvents(command: SentCommand, events: EventEnvelope[]): EventEnvelope[] {
  return events.filter((e) => e.meta.policy === null && e.meta.command === command.command)
}

/** Whether a command changed anything worth an undo entry (a command that changed nothing is not one). */
export function changedSomething(command: SentCommand, events: EventEnvelope[]): boolean {
  return ownEvents(command, events).length > 0
}

/** The compensation of any accepted command: its feature's, or "the domain has none". */
export function compensationOf(command: SentCommand, events: EventEnvelope[], before: Before = {}): Compensation {
  return registered.get(command.command)?.compensate(command, events, before) ?? noCompensation(command)
}

/** What the command's feature knows before it is sent (empty when the feature keeps nothing). */
export function beforeOf(command: SentCommand): Before {
  return registered.get(command.command)?.before?.(command) ?? {}
}
