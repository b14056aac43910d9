import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startHost, type Host } from '../../main/host/host.ts'

/** Debian's Chromium, or CHROMIUM_PATH. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(path)) throw new Error(`No Chromium at ${path}: install the chromium package or set CHROMIUM_PATH.`)
  return path
}

/** A headless Chromium with everything that phones home turned off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** A temp workspace folder that outlives host restarts; `remove()` when done. */
export function tempWorkspace(): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'stormbook-e2e-'))
  return { dir: join(root, 'workspace'), remove: () => rmSync(root, { recursive: true, force: true }) }
}

/** Browser mode on a workspace, with a page opened at its URL and the board shown. */
export async function openApp(browser: Browser, workspaceDir: string, options: { theme?: 'light' | 'dark'; width?: number; height?: number } = {}): Promise<{ host: Host; page: Page }> {
  const host = await startHost({ workspaceDir })
  const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: options.height ?? 900 }, colorScheme: options.theme ?? 'light' })
  // A locator whose element never comes fails within this time, naming the locator, instead of hanging the test.
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  await page.goto(host.url)
  await shellReady(page)
  ;(page as Page & { problems?: string[] }).problems = problems
  return { host, page }
}

/**
 * Waits until the shell shows the open workspace, as a person waits for the window before typing: the
 * page's `load` event comes before React has mounted and listens for keys, so a key pressed then is lost.
 */
export async function shellReady(page: Page): Promise<void> {
  await page.getByTestId('workspace-name').filter({ hasNotText: 'Opening…' }).waitFor()
}

/** Reloads the page and waits for the shell again (a key pressed before it is ready goes nowhere). */
export async function reloadApp(page: Page): Promise<void> {
  await page.reload()
  await shellReady(page)
}
