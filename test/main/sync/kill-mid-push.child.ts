/**
 * Child of crash.test.ts: syncs a workspace through the CLI's round, and SIGKILLs itself the moment the
 * server has recorded the first call of the push (before sync.json learns of it). argv: dir, url, team.
 */
import { SimulatedClock } from '../../../main/app/clock.ts'
import { syncCommand } from '../../../main/sync/cli.ts'
import { SyncServer } from '../../../main/sync/server.ts'

const [dir, url, team] = process.argv.slice(2)
const pushMany = SyncServer.prototype.pushMany
SyncServer.prototype.pushMany = async function (this: SyncServer, ...args: Parameters<typeof pushMany>) {
  const answers = await pushMany.apply(this, args)
  process.kill(process.pid, 'SIGKILL')
  return answers
}
await syncCommand([dir], new Map<string, string | true>([['url', url], ['team', team]]), { out: () => undefined, err: () => undefined, clock: new SimulatedClock('2027-01-04T09:00:00Z') })
