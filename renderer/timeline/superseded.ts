import { useEffect, useState } from 'react'
import { query } from '../workspace/queries.ts'

/** What a "superseded" badge says on hover, in the list and on the storm. */
export const SUPERSEDED_TITLE = 'Withdrawn by a team-sync rebase: kept in the log, left out of every read model'

/** What the details of a superseded event say, in the list and on the storm. */
export const SUPERSEDED_NOTE = 'Superseded: a team-sync rebase withdrew this event after someone else changed the same deal first. It stays in the log and is never pushed; no read model folds it.'

/**
 * The ids of the events a team-sync rebase superseded (the built-in query `Superseded {}`), read again
 * whenever the log grows (`last`): the list and the storm grey and mark them.
 */
export function useSuperseded(last: number): ReadonlySet<string> {
  const [superseded, setSuperseded] = useState<ReadonlySet<string>>(new Set())
  useEffect(() => {
    void query<{ ids: string[] }>('Superseded', {}, { now: true }).then((result) => result.ok && setSuperseded(new Set(result.value.ids)))
  }, [last])
  return superseded
}
