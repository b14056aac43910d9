import { useEffect, useState } from 'react'
import type { FlowSummary } from '../../main/ipc/contract.ts'
import { bridge } from '../bridge.ts'
import { useApp } from '../app/store.ts'

/** The sample flows: scripted scenarios that teach a context, run into the open workspace. */
export function FlowsScreen() {
  const [flows, setFlows] = useState<FlowSummary[] | null>(null)
  const [running, setRunning] = useState<string | null>(null)
  useEffect(() => {
    void bridge().flows.list().then((result) => (result.ok ? setFlows(result.value) : useApp.getState().reject(result.error)))
  }, [])
  const run = async (file: string) => {
    setRunning(file)
    const result = await bridge().flows.run(file)
    setRunning(null)
    if (result.ok) useApp.getState().toast({ kind: 'info', message: `Ran ${file}.` })
    else useApp.getState().reject(result.error)
  }
  return (
    <div className="screen">
      <h2>Sample flows</h2>
      <p className="muted">Each flow runs its commands into this workspace, as the rep or policy it names.</p>
      <ul className="flows">
        {(flows ?? []).map((f) => (
          <li key={f.file} className="flow">
            <div>
              <div className="flow-name">{f.flow}</div>
              <div className="muted">{f.file} · {f.steps} steps</div>
              {f.description && <p>{f.description}</p>}
            </div>
            <button disabled={running !== null} onClick={() => void run(f.file)}>{running === f.file ? 'Running…' : 'Run'}</button>
          </li>
        ))}
      </ul>
    </div>
  )
}
