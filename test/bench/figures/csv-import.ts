import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { sales } from '../../../domain/sales/index.ts'
import { SystemClock } from '../../../main/app/clock.ts'
import { openWorkspace } from '../../../main/app/workspace.ts'
import { startHost } from '../../../main/host/host.ts'
import { launchBrowser } from '../../e2e/browser.ts'
import { log, median, now } from '../util.ts'
import { buildOpenDeals, buildRenderer, chromiumAvailable } from './ui.ts'

/** csvImport1kMs: a 1,000-row CRM export imported through the dialog, file chosen → summary shown. */
export interface CsvImportFigures {
  /** Median over the rounds: reading the file, matching every row, every dispatch, the summary on screen. */
  csvImport1kMs: number
  rounds: number[]
  /** The same file once more: every row matched as unchanged, nothing sent (choose → preview shown). */
  reimportPreviewMs: number
}

/** A CRM export of `rows` deals of the workspace's customers, named as a CRM writes them (other case, spaces). */
function crmExport(customers: string[], rows: number, round: number): string {
  const lines = ['Deal Name,Account Name,Amount,Expected Close Date,Deal Owner,Type']
  for (let i = 0; i < rows; i++) {
    const customer = customers[i % customers.length]
    const written = i % 3 === 0 ? customer.toUpperCase() : i % 3 === 1 ? ` ${customer.toLowerCase()} ` : customer
    lines.push(`Imported deal ${round}-${i},${written},"${(1000 + i * 37).toLocaleString('en-US')}.50",2027-0${1 + (i % 9)}-15,rep-${1 + (i % 12)},${['new', 'expansion', 'renewal'][i % 3]}`)
  }
  return lines.join('\n') + '\n'
}

/** Chooses the file in the open dialog and asks for the preview; resolves when the preview counts its rows. */
async function choose(page: Page, name: string, csv: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Import CSV' })
  await dialog.getByTestId('csv-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await dialog.getByRole('button', { name: /^Preview/ }).click()
  await dialog.getByTestId('preview-summary').waitFor()
}

/**
 * The CSV import as a rep does it, in browser mode: the built renderer served by the real host on a
 * workspace of 100 customers and 200 deals, Debian's Chromium driven by Playwright. Each round chooses a
 * new 1,000-row export in the Import dialog, previews it, confirms, and waits for the summary: the time
 * covers parsing, matching, every command sent over the WebSocket bridge and the screens following the
 * pushed events. Null without Chromium, as the other browser-mode figures.
 */
export async function measureCsvImport(options: { repoRoot: string; workDir: string; rounds?: number; rows?: number }): Promise<CsvImportFigures | null> {
  if (chromiumAvailable() === null) return null
  const rounds = options.rounds ?? 3
  const rows = options.rows ?? 1000
  const rendererDir = join(options.workDir, 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) await buildRenderer(options.repoRoot, rendererDir)
  const dir = join(options.workDir, 'csv-import')
  await buildOpenDeals(dir, 100, 200, 31)
  const ws = await openWorkspace(dir, { contexts: [sales], clock: new SystemClock() })
  const listed = ws.engine.query('Customers', {})
  await ws.close()
  if (!listed.ok) throw new Error(`csv import: Customers: ${listed.error.message}`)
  const customers = (listed.value as Array<{ name: string }>).map((c) => c.name)

  const browser = await launchBrowser()
  const host = await startHost({ workspaceDir: dir, rendererDir, log: () => undefined })
  try {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage()
    await page.goto(host.url)
    await page.getByTestId('card').first().waitFor()
    const times: number[] = []
    let reimportPreviewMs = 0
    for (let round = 0; round < rounds; round++) {
      const csv = crmExport(customers, rows, round)
      await page.getByRole('button', { name: 'Import CSV' }).click()
      const dialog = page.getByRole('dialog', { name: 'Import CSV' })
      const start = now()
      await choose(page, `export-${round}.csv`, csv)
      await dialog.getByRole('button', { name: `Import ${rows} rows` }).click()
      const summary = dialog.getByTestId('import-summary')
      await summary.waitFor({ timeout: 120_000 })
      times.push(now() - start)
      const text = (await summary.textContent()) ?? ''
      if (!text.startsWith(`${rows.toLocaleString('en-US').replace(/,/g, '')} imported`)) throw new Error(`csv import: the summary says "${text}"`)
      await dialog.getByRole('button', { name: 'Done' }).click()
      log(`csv import round ${round + 1}/${rounds}: ${rows} rows in ${times[round].toFixed(0)} ms`)
      if (round === rounds - 1) {
        await page.getByRole('button', { name: 'Import CSV' }).click()
        const again = now()
        await choose(page, `export-${round}.csv`, csv)
        reimportPreviewMs = now() - again
        const counted = await dialog.getByTestId('preview-summary').textContent()
        if (!counted?.startsWith(`0 new, ${rows} unchanged`)) throw new Error(`csv import: importing again previews "${counted}"`)
        await page.keyboard.press('Escape')
      }
    }
    return { csvImport1kMs: median(times), rounds: times, reimportPreviewMs }
  } finally {
    await host.close()
    await browser.close()
  }
}
