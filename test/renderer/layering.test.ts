import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.map((m) => m.ruleId ?? m.message)
}

describe('renderer/ reaches the engine only through its bridge (lint)', () => {
  it('refuses main/ runtime code, Node built-ins and electron', async () => {
    expect(await ruleIds('renderer/pipeline/bad.ts', "import { createApi } from '../../main/ipc/api.ts'\nexport const x = createApi\n")).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/pipeline/bad.ts', "import { Engine } from '../../main/app/engine.ts'\nexport const x = Engine\n")).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/bad.ts', "import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n")).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/bad.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer\n")).toContain('no-restricted-imports')
  })

  it('allows the IPC contract types and domain/ pure helpers', async () => {
    expect(await ruleIds('renderer/ok.ts', "import type { StormbookApi } from '../main/ipc/contract.ts'\nexport type X = StormbookApi\n")).toEqual([])
    expect(await ruleIds('renderer/pipeline/ok.ts', "import { SALES_STAGES } from '../../domain/sales/stages.ts'\nexport const x = SALES_STAGES\n")).toEqual([])
  })
})
