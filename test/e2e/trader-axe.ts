import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'

const axeSource = readFileSync('node_modules/axe-core/axe.min.js', 'utf8')

/**
 * axe's serious and critical violations inside `selector` (the whole page when absent), each as
 * "rule: first targets". The app's CSP refuses an injected <script>, so axe's source is evaluated instead.
 */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  return page.evaluate(async (within) => {
    const axe = (window as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe
    const result = await axe.run((within && document.querySelector(within)) || document)
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`)
  }, selector ?? null)
}
