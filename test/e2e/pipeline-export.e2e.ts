import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { openAcmeAndGlobex, problems } from './pipeline-support.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()

describe('a sales rep exports the pipeline', () => {
  it('downloads the deals on the board as CSV (the CSV code is loaded on the click, not with the board)', async () => {
    const { host, page } = await openAcmeAndGlobex(suite.browser, suite.workspace.dir, 'export')

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
    expect(download.suggestedFilename()).toMatch(/^pipeline-\d{4}-\d{2}-\d{2}\.csv$/)
    const text = await readFile(await download.path(), 'utf8')
    expect(text.split('\r\n')[0]).toBe('opportunityId,customerId,customer,name,kind,stage,amount,closeDate,salesOwner,atRisk')
    expect(text).toContain('Acme platform')
    expect(text).toContain('Globex pilot')
    expect(problems(page)).toEqual([])
    await page.context().close()
    await host.close()
  })
})
