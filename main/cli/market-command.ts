import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { SystemClock } from '../app/clock.ts'
import { importHistory } from '../app/market-files.ts'
import { isCodedError, toCodedError } from '../../domain/kernel/index.ts'

/**
 * `stormbook market import <workspace> <SYMBOL> <file.csv>`: checks a vendor CSV of daily bars and keeps
 * it in the workspace for the simulated market to replay, under the workspace's lock. Exit 0 imported, 1
 * refused (line and column named, or the workspace held by another Stormbook; nothing imported), 2 misuse.
 */
export function marketImport(args: string[], json: boolean): number {
  const [workspace, symbol, file] = args
  if (!workspace || !symbol || !file) {
    process.stderr.write('market import: stormbook market import <workspace> <SYMBOL> <file.csv>\n')
    return 2
  }
  if (!existsSync(join(resolve(workspace), 'workspace.json'))) {
    process.stderr.write(`market import: there is no workspace at ${resolve(workspace)}\n`)
    return 2
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    process.stderr.write(`market import: cannot read ${file}: ${(error as Error).message}\n`)
    return 2
  }
  try {
    // The CLI takes the workspace's lock for the writing: a workspace another Stormbook holds refuses it.
    const clock = new SystemClock()
    const [summary] = importHistory(resolve(workspace), { csv: text, symbol }, { take: () => clock.now() })
    process.stdout.write(json ? JSON.stringify({ ok: true, ...summary }) + '\n' : `Imported ${summary.bars} daily bars of ${summary.symbol}, ${summary.from} … ${summary.to}.\n`)
    return 0
  } catch (error) {
    if (!isCodedError(error)) throw error
    const refused = toCodedError(error)
    process.stdout.write(json ? JSON.stringify({ ok: false, error: refused }) + '\n' : `Refused, nothing imported: ${refused.code}: ${refused.message}\n`)
    return 1
  }
}
