import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.map((m) => m.ruleId ?? m.message)
}

describe('the import rules of DESIGN.md, enforced by lint', () => {
  it('keeps domain/ pure: no Node, electron, react, main/ or renderer/, no Date.now', async () => {
    expect(await ruleIds('domain/sales/bad.ts', "import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n")).toContain('no-restricted-imports')
    expect(await ruleIds('domain/sales/bad.ts', "import { app } from 'electron'\nexport const x = app\n")).toContain('no-restricted-imports')
    expect(await ruleIds('domain/sales/bad.ts', "import { useState } from 'react'\nexport const x = useState\n")).toContain('no-restricted-imports')
    expect(await ruleIds('domain/sales/bad.ts', "import { Engine } from '../../main/app/engine.ts'\nexport const x = Engine\n")).toContain('no-restricted-imports')
    expect(await ruleIds('domain/sales/bad.ts', 'export const t = Date.now()\n')).toContain('no-restricted-syntax')
    expect(await ruleIds('domain/sales/ok.ts', "import { z } from 'zod'\nexport const s = z.string()\n")).toEqual([])
  })

  it('keeps electron inside main/electron/ and renderer/ out of main/', async () => {
    expect(await ruleIds('main/app/bad.ts', "import { app } from 'electron'\nexport const x = app\n")).toContain('no-restricted-imports')
    expect(await ruleIds('main/app/bad.ts', "import x from '../../renderer/app.tsx'\nexport const y = x\n")).toContain('no-restricted-imports')
  })
})
