import { beforeEach, describe, expect, it, vi } from 'vitest'

const dispatched: unknown[] = []
const queried: unknown[][] = []
vi.mock('../../../renderer/bridge.ts', () => ({
  bridge: () => ({
    dispatch: async (command: unknown) => (dispatched.push(command), { ok: true, value: { events: [], position: 1 } }),
    query: async (...args: unknown[]) => (queried.push(args), { ok: true, value: [] }),
  }),
}))

const { sendCommand } = await import('../../../renderer/workspace/commands.ts')
const { useWorkspace } = await import('../../../renderer/workspace/store.ts')
const { useBoard } = await import('../../../renderer/timeline/board.ts')

describe('the board while replaying', () => {
  beforeEach(() => {
    dispatched.length = 0
    queried.length = 0
    useWorkspace.getState().setViewingPosition(3, null)
  })

  it('refuses a business command with REPLAYING, but sends a hotspot and a bookmark with the user as actor', async () => {
    const refused = await sendCommand({ command: 'QualifyOpportunity', data: { opportunityId: 'o-1' } }, { quiet: true })
    expect(refused).toMatchObject({ ok: false, error: { code: 'REPLAYING' } })
    expect(dispatched).toEqual([])

    expect(await useBoard.getState().raise('Why?', 'event-7')).toMatchObject({ ok: true })
    expect(await useBoard.getState().place('After the proposal', 3)).toMatchObject({ ok: true })
    const actor = useWorkspace.getState().actor
    expect(dispatched).toEqual([
      { command: 'RaiseHotspot', data: { hotspotId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/), text: 'Why?', anchor: { eventId: 'event-7' } }, actor },
      { command: 'PlaceBookmark', data: { bookmarkId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/), name: 'After the proposal', position: 3 }, actor },
    ])
  })

  it('reads the hotspots and bookmarks as of now, not as of the cursor', async () => {
    await useBoard.getState().load()
    expect(queried).toEqual([
      ['Hotspots', {}, undefined],
      ['Bookmarks', {}, undefined],
    ])
  })
})
