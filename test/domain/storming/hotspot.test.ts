import { describe, expect, it } from 'vitest'
import { Hotspot } from '../../../domain/storming/hotspot.ts'
import { given } from '../../support/gwt.ts'
import { withLog } from './fixtures.ts'

const raised = { type: 'HotspotRaised', data: { hotspotId: 'h1', text: 'Who decides that churn risk is high?', anchor: { eventId: 'e-3' } } }
const resolved = { type: 'HotspotResolved', data: { hotspotId: 'h1', resolution: 'The account manager' } }
const reopened = { type: 'HotspotReopened', data: { hotspotId: 'h1', reason: null } }
const raise = (data: Record<string, unknown> = {}) => ({ hotspotId: 'h1', text: 'Who decides that churn risk is high?', anchor: { eventId: 'e-3' }, ...data })

describe('RaiseHotspot', () => {
  it('raises a hotspot pinned to an event of the log', () => {
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise()).then([raised])
  })

  it('raises a hotspot pinned to a position of the log, the last one included', () => {
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ anchor: { position: 5 } }))
      .then([{ type: 'HotspotRaised', data: { hotspotId: 'h1', anchor: { position: 5 } } }])
  })

  it('rejects a hotspot id already raised with HOTSPOT_EXISTS, even once resolved', () => {
    given(Hotspot, [raised], withLog(5)).when('RaiseHotspot', raise()).thenRejects('HOTSPOT_EXISTS')
    given(Hotspot, [raised, resolved], withLog(5)).when('RaiseHotspot', raise({ text: 'again' })).thenRejects('HOTSPOT_EXISTS')
  })

  it('rejects an event id that is not in the log with UNKNOWN_ANCHOR', () => {
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ anchor: { eventId: 'e-6' } })).thenRejects('UNKNOWN_ANCHOR', 'anchor.eventId')
    given(Hotspot, [], withLog(0)).when('RaiseHotspot', raise()).thenRejects('UNKNOWN_ANCHOR', 'anchor.eventId')
  })

  it('rejects a position beyond the log with UNKNOWN_ANCHOR', () => {
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ anchor: { position: 6 } })).thenRejects('UNKNOWN_ANCHOR', 'anchor.position')
  })

  it('leaves the anchor unchecked when the engine gives no log', () => {
    given(Hotspot).when('RaiseHotspot', raise({ anchor: { position: 999 } })).then(['HotspotRaised'])
  })

  it('takes a text of 1 to 500 characters, else INVALID_COMMAND naming the text', () => {
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ text: 'x' })).then(['HotspotRaised'])
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ text: 'x'.repeat(500) })).then(['HotspotRaised'])
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ text: 'x'.repeat(501) })).thenRejects('INVALID_COMMAND', 'text')
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ text: '' })).thenRejects('INVALID_COMMAND', 'text')
    given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ text: '   ' })).thenRejects('INVALID_COMMAND', 'text')
  })

  it('takes an anchor that is exactly {eventId} or {position}, else INVALID_COMMAND naming the anchor', () => {
    for (const anchor of [{}, { eventId: 'e-1', position: 1 }, { position: 0 }, { position: 1.5 }, { eventId: '' }, 'e-1']) {
      const outcome = given(Hotspot, [], withLog(5)).when('RaiseHotspot', raise({ anchor })).thenRejects('INVALID_COMMAND')
      expect(String(outcome.details?.field)).toMatch(/^anchor/)
    }
  })
})

describe('ResolveHotspot', () => {
  it('resolves an open hotspot', () => {
    given(Hotspot, [raised]).when('ResolveHotspot', { hotspotId: 'h1', resolution: 'The account manager' }).then([resolved])
  })

  it('rejects a hotspot never raised with UNKNOWN_HOTSPOT', () => {
    given(Hotspot).when('ResolveHotspot', { hotspotId: 'h1', resolution: 'x' }).thenRejects('UNKNOWN_HOTSPOT')
  })

  it('does nothing for a hotspot already resolved', () => {
    given(Hotspot, [raised, resolved]).when('ResolveHotspot', { hotspotId: 'h1', resolution: 'another answer' }).thenNothing()
  })

  it('resolves a reopened hotspot again', () => {
    given(Hotspot, [raised, resolved, reopened]).when('ResolveHotspot', { hotspotId: 'h1', resolution: 'The CFO' }).then(['HotspotResolved'])
  })
})

describe('ReopenHotspot', () => {
  it('reopens a resolved hotspot, with or without a reason', () => {
    given(Hotspot, [raised, resolved]).when('ReopenHotspot', { hotspotId: 'h1' }).then([reopened])
    given(Hotspot, [raised, resolved]).when('ReopenHotspot', { hotspotId: 'h1', reason: 'new facts' })
      .then([{ type: 'HotspotReopened', data: { hotspotId: 'h1', reason: 'new facts' } }])
  })

  it('rejects an open hotspot with HOTSPOT_OPEN', () => {
    given(Hotspot, [raised]).when('ReopenHotspot', { hotspotId: 'h1' }).thenRejects('HOTSPOT_OPEN')
    given(Hotspot, [raised, resolved, reopened]).when('ReopenHotspot', { hotspotId: 'h1' }).thenRejects('HOTSPOT_OPEN')
  })

  it('rejects a hotspot never raised with UNKNOWN_HOTSPOT', () => {
    given(Hotspot).when('ReopenHotspot', { hotspotId: 'h1' }).thenRejects('UNKNOWN_HOTSPOT')
  })
})
