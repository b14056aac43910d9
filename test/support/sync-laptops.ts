import { afterEach } from 'vitest'
import type { Workspace } from '../../main/app/workspace.ts'
import type { SyncService } from '../../main/sync/sync-service.ts'

/** A laptop a sync test opened: its workspace and the sync service over it. */
export interface OpenLaptop {
  ws: Workspace
  service: SyncService
}

/** The list a test file fills with the laptops it opens; after every test each is closed, service first. */
export function laptopsClosedAfterEach(): OpenLaptop[] {
  const open: OpenLaptop[] = []
  afterEach(async () => {
    while (open.length) {
      const { ws, service } = open.pop()!
      await service.close()
      await ws.close()
    }
  })
  return open
}
