import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { Host } from '../../main/host/host.ts'
import { openApp, tempWorkspace } from './browser.ts'

/** Where the flows studio's screenshots go: FLOWS_SHOTS (docs/screenshots to publish them), else a temp folder. */
export const shots = process.env.FLOWS_SHOTS ?? join(tmpdir(), 'stormbook-flows-shots')
mkdirSync(shots, { recursive: true })

/**
 * Browser mode on a fresh workspace with the app's sample flows, the Flows screen shown: `task` runs on
 * it, then no page error may have happened, and the host and workspace are closed and removed.
 */
export async function withFlows(browser: Browser, task: (page: Page, host: Host) => Promise<void>, theme: 'light' | 'dark' = 'light'): Promise<void> {
  const workspace = tempWorkspace()
  const { host, page } = await openApp(browser, workspace.dir, { theme })
  try {
    await page.getByRole('button', { name: /Flows/ }).click()
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor()
    await task(page, host)
    if ((page as Page & { problems?: string[] }).problems?.length) throw new Error(`page errors: ${(page as Page & { problems?: string[] }).problems!.join('; ')}`)
  } finally {
    await page.context().close()
    await host.close()
    workspace.remove()
  }
}
