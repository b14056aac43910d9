import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { memoryEngine } from '../../../main/app/workspace.ts'
import { storming } from '../../../domain/storming/index.ts'

describe('the storming context', () => {
  it('is registered with the app\'s engine: a facilitator raises and resolves a hotspot, places and removes a bookmark', async () => {
    expect(contexts).toContain(storming)
    const engine = memoryEngine(contexts, new SimulatedClock('2027-01-04T09:00:00Z'))
    const facilitator = (command: string, data: Record<string, unknown>) => engine.dispatch({ command, data, actor: 'facilitator' })
    await facilitator('RegisterCustomer', { customerId: 'acme', name: 'Acme' })
    expect(await facilitator('RaiseHotspot', { hotspotId: 'h1', text: 'Who decides?', anchor: { position: 1 } })).toMatchObject({ ok: true, events: [{ type: 'HotspotRaised', stream: 'Hotspot-h1' }] })
    expect(await facilitator('ResolveHotspot', { hotspotId: 'h1', resolution: 'The rep' })).toMatchObject({ ok: true, events: [{ type: 'HotspotResolved' }] })
    expect(await facilitator('PlaceBookmark', { bookmarkId: 'b1', name: 'Start', position: 1 })).toMatchObject({ ok: true })
    expect(engine.query('Hotspots', {})).toMatchObject({ ok: true, value: [{ hotspotId: 'h1', status: 'resolved', raisedAt: '2027-01-04T09:00:00.000Z' }] })
    expect(engine.query('Bookmarks', {})).toMatchObject({ ok: true, value: [{ bookmarkId: 'b1', name: 'Start', position: 1 }] })
    expect(await facilitator('RemoveBookmark', { bookmarkId: 'b1' })).toMatchObject({ ok: true })
    expect(engine.query('Bookmarks', {})).toMatchObject({ ok: true, value: [] })
    expect(await facilitator('ReopenHotspot', { hotspotId: 'nope' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_HOTSPOT' } })
  })
})
