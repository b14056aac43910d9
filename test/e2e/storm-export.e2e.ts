import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { layoutStorm } from '../../domain/storming/notation/layout.ts'
import { stormMermaid } from '../../domain/storming/notation/mermaid.ts'
import { stormOf } from '../../domain/storming/notation/storm.ts'
import { stormSvg } from '../../domain/storming/notation/svg.ts'
import { sampleLogs } from '../support/sample-logs.ts'
import { e2eSuite } from './suite.ts'

const suite = e2eSuite()
const mermaidBundle = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js')

describe('the storm exported, read back by real tools', () => {
  it("Mermaid's own parser accepts the flowchart of every sample flow, and refuses a broken one", async () => {
    const page = await suite.browser.newPage()
    try {
      await page.setContent('<!doctype html><html><body></body></html>')
      await page.addScriptTag({ path: mermaidBundle })
      const parse = (text: string) =>
        page.evaluate(async (t) => {
          const m = (window as unknown as { mermaid: { initialize(o: object): void; parse(t: string): Promise<unknown> } }).mermaid
          m.initialize({ startOnLoad: false })
          try {
            const result = (await m.parse(t)) as { diagramType?: string }
            return { ok: true, type: result?.diagramType }
          } catch (error) {
            return { ok: false, message: String((error as Error).message ?? error) }
          }
        }, text)
      const logs = await sampleLogs()
      for (const { file, events } of logs) {
        const answer = await parse(stormMermaid(stormOf(events).columns))
        expect(answer, file).toMatchObject({ ok: true })
      }
      expect(await parse('flowchart LR\n  a["unclosed --> b')).toMatchObject({ ok: false })
    } finally {
      await page.close()
    }
  })

  it('the SVG opens in Chromium as a well-formed image, with every sticky inside it', async () => {
    const page = await suite.browser.newPage()
    try {
      for (const { file, events } of await sampleLogs()) {
        const layout = layoutStorm(stormOf(events).columns, 'aggregate')
        const svg = stormSvg(layout, { title: file })
        const check = await page.evaluate((text) => {
          const doc = new DOMParser().parseFromString(text, 'image/svg+xml')
          if (doc.getElementsByTagName('parsererror').length > 0) return { error: doc.getElementsByTagName('parsererror')[0].textContent }
          document.body.innerHTML = ''
          document.body.appendChild(document.importNode(doc.documentElement, true))
          const root = document.body.querySelector('svg')!
          const box = root.getBoundingClientRect()
          const outside = [...root.querySelectorAll('g.sticky')].filter((g) => {
            const r = g.getBoundingClientRect()
            return r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1
          }).length
          return { stickies: root.querySelectorAll('g.sticky').length, outside }
        }, svg)
        expect(check, file).toEqual({ stickies: layout.columns.flatMap((c) => c.stickies).length, outside: 0 })
      }
    } finally {
      await page.close()
    }
  })
})
