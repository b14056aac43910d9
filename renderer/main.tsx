import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './shell/App.tsx'
import { useWorkspace } from './workspace/store.ts'
import './styles.css'

// Ask for the workspace before the first render: the connection (in browser mode, the WebSocket's
// handshake) and workspace.info go out while React draws the opening screen; the shell waits for the answer.
void useWorkspace.getState().load()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
