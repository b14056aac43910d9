import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)
// electron-builder reads its YAML with its own js-yaml; parse it the same way.
const yaml = createRequire(require.resolve('app-builder-lib'))('js-yaml') as { load(text: string): unknown }
const schema = JSON.parse(readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8'))
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema)

const config = yaml.load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'))

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own configuration schema", () => {
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true)
  })

  it('the schema check can fail: a misspelt key or a wrong type is refused', () => {
    expect(validate({ ...config, prodcutName: 'Stormbook' })).toBe(false)
    expect(validate({ ...config, linux: { target: 42 } })).toBe(false)
    expect(validate({ ...config, files: 'out/**', asar: 'yes' })).toBe(false)
  })

  it('builds Stormbook for Linux (AppImage, deb), macOS (dmg, zip) and Windows (nsis) from the bundles in out/', () => {
    expect(config).toMatchObject({ appId: 'dev.stormbook.app', productName: 'Stormbook' })
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg', 'zip'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']))
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'flows', to: 'flows' })])
  })

  it("flips Electron's fuses: no run-as-Node, no NODE_OPTIONS, no --inspect, the app only from its integrity-checked asar", () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    })
    expect(config.asar).toBe(true)
    expect(validate({ ...config, electronFuses: { runAsNod: false } })).toBe(false)
  })

  it('package.json starts the bundled main process and builds before starting or packaging', () => {
    expect(pkg.main).toBe('out/main/main.cjs')
    expect(pkg.scripts.build).toBe('npm run build:renderer && npm run build:main')
    expect(pkg.scripts.start).toBe('npm run build && electron .')
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder')
    // The keychain reader the CLI runs on the app's Electron (docs/sync.md) is bundled beside them.
    expect(pkg.scripts['build:main']).toMatch(/esbuild main\/electron\/main\.ts main\/electron\/preload\.ts main\/electron\/keychain-reader\.ts --bundle --platform=node --format=cjs .*--external:electron/)
  })
})
