#!/usr/bin/env node
// The `stormbook` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api'
register()
const { main } = await import('../main/cli/index.ts')
process.exitCode = await main(process.argv.slice(2))
