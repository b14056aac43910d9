import { BOARD_QUERIES } from './pipeline/first-queries.ts'
import { queryAhead } from './workspace/queries.ts'
import { useWorkspace } from './workspace/store.ts'
import './styles.css'

// The entry is small: it asks for the workspace and the board's queries first, so the connection (in
// browser mode, the WebSocket's handshake) and the host's answers overlap the loading and parsing of React,
// the shell and the board, which come after (the shell waits for workspace.info, the board for its queries).
void useWorkspace.getState().load()
queryAhead(BOARD_QUERIES)

void import('./shell/mount.tsx').then(({ mount }) => mount(document.getElementById('root')!))
