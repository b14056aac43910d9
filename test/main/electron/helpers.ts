import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { SimulatedClock } from '../../../main/app/clock.ts'
import { contexts } from '../../../main/app/contexts.ts'
import { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { appPaths, rendererUrl } from '../../../main/electron/window.ts'
import { fake, FakeBrowserWindow, type FakeWebContents } from './fake-electron.ts'

/** The shipped sample flows. */
export const samplesDir = resolve(import.meta.dirname, '../../../flows')

/** The built-app paths the fake app reports. */
export const paths = () => appPaths(fake.appPath)

/** A shell over the real contexts with a simulated clock, keeping its recent list in `userData`. */
export function makeShell(userData: string, platform: NodeJS.Platform = 'linux'): WorkspaceWindows {
  return new WorkspaceWindows({ userData, paths: paths(), samplesDir, contexts, clock: new SimulatedClock('2027-01-04T09:00:00Z'), platform, isPackaged: false })
}

/** The IPC event a window's renderer page sends (frame URL and parent can be changed to forge one). */
export function callerEvent(contents: FakeWebContents, url = `${rendererUrl(paths())}#/pipeline`, parent: unknown = null) {
  return { sender: contents, senderFrame: { url, parent } } as never
}

/** The window opened last. */
export function lastWindow(): FakeBrowserWindow {
  const window = FakeBrowserWindow.all.at(-1)
  if (!window) throw new Error('no window was opened')
  return window
}

/** The bytes of a workspace's two data files, to prove nothing was written. */
export function dataFiles(dir: string): string {
  return ['workspace.json', 'events.jsonl'].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n--\n')
}

/** Lets pending promise callbacks (a dialog answered, a reopen) run. */
export async function settle(times = 20): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setImmediate(r))
}
