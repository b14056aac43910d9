import type { Browser } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { launchBrowser, tempWorkspace } from './browser.ts'

/**
 * The usual setup of an end-to-end file: Debian's Chromium launched before its tests and a temp
 * workspace folder, both closed and removed after them. Read `suite.browser` inside tests.
 */
export function e2eSuite(): { browser: Browser; workspace: { dir: string; remove(): void } } {
  const suite = { browser: undefined as unknown as Browser, workspace: tempWorkspace() }
  beforeAll(async () => {
    suite.browser = await launchBrowser()
  })
  afterAll(async () => {
    await suite.browser?.close()
    suite.workspace.remove()
  })
  return suite
}
