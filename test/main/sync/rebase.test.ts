import { v7 as uuidv7 } from 'uuid'
import { describe, expect, it } from 'vitest'
import type { EventEnvelope } from '../../../domain/kernel/index.ts'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { redecide, type PendingCommand } from '../../../main/sync/rebase.ts'
import type { SyncedEvent } from '../../../main/sync/server.ts'
import type { Conflict } from '../../../main/sync/sync-state.ts'
import { EngineLog } from './engine-log.ts'

const clock = new SimulatedClock('2027-01-05T09:00:00Z')
const deal = { opportunityId: 'o-1', customerId: 'acme', name: 'Rollout', kind: 'new', amount: '1000', closeDate: '2027-03-31', salesOwner: 'rep-7' }

/** Ben's laptop: a deal both reps had at version `base`, then Ben's own pending commands dispatched on it. */
async function bensLaptop(pending: Array<Omit<PendingCommand, 'commandId'>>): Promise<{ log: EngineLog; commands: PendingCommand[]; base: number }> {
  const log = new EngineLog()
  await log.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
  await log.dispatch('CreateOpportunity', deal)
  const commands = pending.map((c) => ({ ...c, commandId: uuidv7() }))
  for (const c of commands) {
    const result = await log.engine.dispatch(c)
    expect(result.ok, JSON.stringify(result)).toBe(true)
  }
  return { log, commands, base: 1 }
}

/** What Anna pushed first: her laptop decided these on the same deal at the same base. */
async function annasChanges(...commands: Array<{ command: string; data: Record<string, unknown> }>): Promise<SyncedEvent[]> {
  const anna = new EngineLog()
  await anna.dispatch('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
  await anna.dispatch('CreateOpportunity', deal)
  for (const c of commands) await anna.dispatch(c.command, c.data)
  return anna.store.readStreamAfter('Opportunity-o-1', 1).map(({ position: _position, ...e }) => e)
}

function conflictOf(base: number, theirs: SyncedEvent[]): Conflict {
  return { stream: 'Opportunity-o-1', base, serverVersion: base + theirs.length, theirs, detectedAt: clock.now() }
}

function localEvents(log: EngineLog): EventEnvelope[] {
  return log.store.readRange(1, log.lastPosition)
}

describe('re-deciding a conflicted deal’s pending commands on the merged state', () => {
  it('keeps what is still valid after their change, deciding it anew on top of theirs', async () => {
    const ben = await bensLaptop([{ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '700' } }])
    const theirs = await annasChanges({ command: 'QualifyOpportunity', data: { opportunityId: 'o-1' } })
    const outcome = await redecide({ contexts, clock, local: localEvents(ben.log), conflict: conflictOf(ben.base, theirs), commands: ben.commands })
    expect(outcome.refused).toEqual([])
    expect(outcome.accepted).toHaveLength(1)
    const [event] = outcome.accepted[0].events
    expect(event).toMatchObject({ stream: 'Opportunity-o-1', version: 3, type: 'OpportunityUpdated', meta: { commandId: ben.commands[0].commandId } })
    // A new event: the old one stays in Ben's log, withdrawn when the outcome is applied.
    expect(localEvents(ben.log).some((e) => e.id === event.id)).toBe(false)
  })

  it('refuses what their change made impossible, with the rule’s code and their events', async () => {
    const ben = await bensLaptop([
      { command: 'QualifyOpportunity', data: { opportunityId: 'o-1' } },
      { command: 'SendProposal', data: { opportunityId: 'o-1' } },
    ])
    const theirs = await annasChanges({ command: 'CloseOpportunity', data: { opportunityId: 'o-1', outcome: 'lost', reason: 'budget cut' } })
    const outcome = await redecide({ contexts, clock, local: localEvents(ben.log), conflict: conflictOf(ben.base, theirs), commands: ben.commands })
    expect(outcome.accepted).toEqual([])
    expect(outcome.refused.map((r) => [r.command.command, r.code])).toEqual([['QualifyOpportunity', 'NOT_PROSPECTING'], ['SendProposal', 'NOT_QUALIFIED']])
    expect(outcome.refused[0].theirs).toEqual(theirs.map((t) => t.id))
  })

  it('decides each command on the one before it: a later command can depend on an earlier accepted one', async () => {
    const ben = await bensLaptop([
      { command: 'QualifyOpportunity', data: { opportunityId: 'o-1' } },
      { command: 'SendProposal', data: { opportunityId: 'o-1' } },
    ])
    const theirs = await annasChanges({ command: 'UpdateOpportunity', data: { opportunityId: 'o-1', amount: '1500' } })
    const outcome = await redecide({ contexts, clock, local: localEvents(ben.log), conflict: conflictOf(ben.base, theirs), commands: ben.commands })
    expect(outcome.refused).toEqual([])
    expect(outcome.accepted.flatMap((a) => a.events.map((e) => [e.type, e.version]))).toEqual([['OpportunityQualified', 3], ['ProposalSent', 4]])
  })
})
