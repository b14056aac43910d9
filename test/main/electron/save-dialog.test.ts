import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { saveDownloadsThroughDialog } from '../../../main/electron/file-commands.ts'
import { startApp } from '../../../main/electron/main.ts'
import type { WorkspaceWindows } from '../../../main/electron/workspace-windows.ts'
import { tempDir } from '../../support/workspace.ts'
import { fake, session } from './fake-electron.ts'
import { settle } from './helpers.ts'

vi.mock('electron', () => import('./fake-electron.ts'))

/** A download as Electron hands it to `will-download`: what the renderer saved, and what is done with it. */
function download(fileName: string) {
  return { getFilename: () => fileName, setSaveDialogOptions: vi.fn(), setSavePath: vi.fn() }
}

/** The `will-download` listener installed on the session. */
function listener(): (event: unknown, item: ReturnType<typeof download>) => void {
  const call = session.defaultSession.on.mock.calls.find(([name]) => name === 'will-download')
  if (!call) throw new Error('no will-download listener')
  return call[1] as never
}

let shell: WorkspaceWindows | null = null
beforeEach(() => {
  fake.reset()
  fake.userData = tempDir()
})
afterEach(async () => {
  await shell?.closeAll()
  shell = null
})

describe('saving an export in the desktop app', () => {
  it('asks where to save each export in the native save dialog, named and filtered by its kind', () => {
    saveDownloadsThroughDialog(session.defaultSession as never, '/home/rep/Downloads')
    const cases: Array<[string, string, string[]]> = [
      ['acme-deal.png', 'PNG images', ['png']],
      ['acme-deal.svg', 'SVG drawings', ['svg']],
      ['acme-deal.md', 'Markdown documents', ['md']],
      ['acme-deal.mmd', 'Mermaid flowcharts', ['mmd']],
      ['acme-deal.jsonl', 'Event logs (JSON lines)', ['jsonl']],
      ['win-the-acme-deal.flow.json', 'Flow files', ['json']],
    ]
    for (const [name, kind, extensions] of cases) {
      const item = download(name)
      listener()(new Event('will-download'), item)
      expect(item.setSaveDialogOptions).toHaveBeenCalledWith(expect.objectContaining({
        title: `Save ${name}`,
        defaultPath: join('/home/rep/Downloads', name),
        filters: [{ name: kind, extensions }, { name: 'All files', extensions: ['*'] }],
      }))
      // no path is chosen for the person: Electron opens the save dialog, and cancelling saves nothing
      expect(item.setSavePath).not.toHaveBeenCalled()
    }
  })

  it('keeps a file name that tries to leave the folder inside it', () => {
    saveDownloadsThroughDialog(session.defaultSession as never, '/home/rep/Downloads')
    const item = download('../../etc/passwd.md')
    listener()(new Event('will-download'), item)
    expect(item.setSaveDialogOptions.mock.calls[0][0]).toMatchObject({ defaultPath: join('/home/rep/Downloads', 'passwd.md') })
  })

  it('is in place on the app’s session from the start, in the Downloads folder', async () => {
    shell = startApp(['/usr/bin/stormbook'], '/')
    await settle()
    const item = download('storm.svg')
    listener()(new Event('will-download'), item)
    expect(item.setSaveDialogOptions).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: join(fake.userData, 'storm.svg') }))
  })
})
