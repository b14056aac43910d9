import { join } from 'node:path'
import type { EventStore } from '../../main/store/event-store.ts'
import { FileEventStore } from '../../main/store/file-store.ts'
import { MemoryEventStore } from '../../main/store/memory-store.ts'
import { tempDir } from './workspace.ts'

/** A store made fresh and opened, with a way to reopen what was written (the file store only). */
export interface StoreUnderTest {
  name: string
  make(): Promise<{ store: EventStore; reopen?: () => Promise<EventStore> }>
}

/** Both event stores, for the tests every store must pass. */
export const storesUnderTest: StoreUnderTest[] = [
  { name: 'memory store', make: async () => ({ store: new MemoryEventStore() }) },
  {
    name: 'file store',
    make: async () => {
      const path = join(tempDir(), 'events.jsonl')
      const open = async () => {
        const store = new FileEventStore({ path, readOnly: false, now: () => '2027-01-04T09:00:00.000Z', upcast: (e) => e })
        await store.open()
        return store
      }
      const store = await open()
      return { store, reopen: async () => (await store.close(), open()) }
    },
  },
]
