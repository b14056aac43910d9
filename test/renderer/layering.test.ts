import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.map((m) => m.ruleId ?? m.message)
}

const importing = (from: string) => `import * as x from '${from}'\nexport const y = x\n`

describe('renderer/ reaches the engine only through its bridge (lint)', () => {
  it('refuses main/ runtime code, Node built-ins and electron', async () => {
    expect(await ruleIds('renderer/pipeline/bad.ts', "import { createApi } from '../../main/ipc/api.ts'\nexport const x = createApi\n")).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/pipeline/bad.ts', "import { Engine } from '../../main/app/engine.ts'\nexport const x = Engine\n")).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/bad.ts', "import { readFileSync } from 'node:fs'\nexport const x = readFileSync\n")).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/bad.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer\n")).toContain('no-restricted-imports')
  })

  it('allows the IPC contract types and domain/ pure helpers; the IPC client only in bridge.ts', async () => {
    expect(await ruleIds('renderer/ok.ts', "import type { StormbookApi } from '../main/ipc/contract.ts'\nexport type X = StormbookApi\n")).toEqual([])
    expect(await ruleIds('renderer/pipeline/ok.ts', "import { SALES_STAGES } from '../../domain/sales/stages.ts'\nexport const x = SALES_STAGES\n")).toEqual([])
    expect(await ruleIds('renderer/bridge.ts', importing('../main/ipc/client.ts'))).toEqual([])
    expect(await ruleIds('renderer/bridge.ts', importing('../main/ipc/api.ts'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/workspace/bad.ts', importing('../../main/ipc/client.ts'))).toContain('no-restricted-imports')
  })

  it('lets only bridge.ts touch window.stormbook or open a WebSocket, and only workspace/ import bridge.ts', async () => {
    expect(await ruleIds('renderer/trading/bad.ts', 'export const api = window.stormbook\n')).toContain('no-restricted-syntax')
    expect(await ruleIds('renderer/workspace/bad.ts', "export const s = new WebSocket('ws://x')\n")).toContain('no-restricted-syntax')
    expect(await ruleIds('renderer/bridge.ts', "export const api = window.stormbook ?? new WebSocket('ws://x')\n")).toEqual([])
    expect(await ruleIds('renderer/pipeline/bad.ts', importing('../bridge.ts'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/shell/bad.ts', importing('../bridge.ts'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/workspace/ok.ts', importing('../bridge.ts'))).toEqual([])
  })
})

describe('the renderer in layers: shell → features → workspace (lint)', () => {
  it('refuses a feature importing another feature, or the shell', async () => {
    expect(await ruleIds('renderer/pipeline/bad.ts', importing('../trading/store.ts'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/trading/bad.ts', importing('../pipeline/store.ts'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/flows/bad.tsx', importing('../pipeline/store.ts'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/timeline/bad.ts', importing('../settings/SettingsScreen.tsx'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/trading/bad.ts', importing('../shell/actions.ts'))).toContain('no-restricted-imports')
  })

  it('refuses the lower layer importing a feature or the shell', async () => {
    expect(await ruleIds('renderer/workspace/bad.ts', importing('../pipeline/store.ts'))).toContain('no-restricted-imports')
    expect(await ruleIds('renderer/workspace/bad.ts', importing('../shell/App.tsx'))).toContain('no-restricted-imports')
  })

  it('allows a feature its own files, the lower layer and domain/ (even a domain folder named like a feature), and the shell the features', async () => {
    expect(await ruleIds('renderer/trading/ok.ts', importing('./store.ts'))).toEqual([])
    expect(await ruleIds('renderer/trading/ok.ts', importing('../workspace/commands.ts'))).toEqual([])
    expect(await ruleIds('renderer/pipeline/ok.ts', importing('../../domain/trading/orders.ts'))).toEqual([])
    expect(await ruleIds('renderer/shell/ok.ts', importing('../pipeline/feature.ts'))).toEqual([])
  })
})
