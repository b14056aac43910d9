import { describe, it } from 'vitest'
import { storming } from '../../../../domain/storming/index.ts'
import { givenLog } from '../../../support/gwt.ts'
import { StormingLog } from '../fixtures.ts'

const log = () => new StormingLog()
  .append('Hotspot-h1', { type: 'HotspotRaised', data: { hotspotId: 'h1', text: 'Who decides?', anchor: { eventId: 'e-1' } } }, '2027-01-04T09:00:00.000Z')
  .append('Hotspot-h2', { type: 'HotspotRaised', data: { hotspotId: 'h2', text: 'Late wires?', anchor: { position: 1 } } }, '2027-01-04T09:05:00.000Z')
  .append('Hotspot-h1', { type: 'HotspotResolved', data: { hotspotId: 'h1', resolution: 'The account manager' } }, '2027-01-04T10:00:00.000Z')

describe('Hotspots', () => {
  it('lists every hotspot in the order raised, with its status and when it was raised and resolved', () => {
    givenLog(storming, log()).whenQuery('Hotspots').then([
      { hotspotId: 'h1', text: 'Who decides?', anchor: { eventId: 'e-1' }, status: 'resolved', raisedAt: '2027-01-04T09:00:00.000Z', resolvedAt: '2027-01-04T10:00:00.000Z', resolution: 'The account manager' },
      { hotspotId: 'h2', text: 'Late wires?', anchor: { position: 1 }, status: 'open', raisedAt: '2027-01-04T09:05:00.000Z' },
    ])
  })

  it('filters by status', () => {
    givenLog(storming, log()).whenQuery('Hotspots', { status: 'open' }).thenMatches([{ hotspotId: 'h2' }])
    givenLog(storming, log()).whenQuery('Hotspots', { status: 'resolved' }).thenMatches([{ hotspotId: 'h1' }])
  })

  it('shows a reopened hotspot as open, without its old resolution', () => {
    const reopened = log().append('Hotspot-h1', { type: 'HotspotReopened', data: { hotspotId: 'h1', reason: null } }, '2027-01-04T11:00:00.000Z')
    givenLog(storming, reopened).whenQuery('Hotspots', { status: 'open' }).then([
      { hotspotId: 'h1', text: 'Who decides?', anchor: { eventId: 'e-1' }, status: 'open', raisedAt: '2027-01-04T09:00:00.000Z' },
      { hotspotId: 'h2', text: 'Late wires?', anchor: { position: 1 }, status: 'open', raisedAt: '2027-01-04T09:05:00.000Z' },
    ])
  })

  it('answers the same after a checkpoint (the state survives JSON)', () => {
    givenLog(storming, log(), { checkpointAt: 2 }).whenQuery('Hotspots', { status: 'resolved' }).thenMatches([{ hotspotId: 'h1', resolvedAt: '2027-01-04T10:00:00.000Z' }])
  })

  it('refuses a status other than open or resolved with INVALID_QUERY', () => {
    givenLog(storming, log()).whenQuery('Hotspots', { status: 'closed' }).thenRejects('INVALID_QUERY', 'status')
  })
})
