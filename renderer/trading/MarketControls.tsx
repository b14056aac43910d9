import { useEffect, useState, type FormEvent } from 'react'
import { Pause, Play, StepForward, Upload } from 'lucide-react'
import { paceLabel, SPEEDS, useMarketControls } from './market-controls.ts'

/**
 * The practice controls of the simulated market, as a toolbar: pause or resume, one step, the speed, the
 * seed, day-by-day replay of imported prices, and the import itself. Each is a button or a field the
 * keyboard reaches; the state line says what the market does now.
 */
export function MarketControlStrip({ onImport }: { onImport: () => void }) {
  const controls = useMarketControls((s) => s.controls)
  const busy = useMarketControls((s) => s.busy)
  const send = useMarketControls((s) => s.send)
  const [seed, setSeed] = useState('')
  useEffect(() => void useMarketControls.getState().load(), [])
  useEffect(() => setSeed(controls ? String(controls.seed) : ''), [controls?.seed])
  if (!controls) return null
  const { paused, tickSeconds, replay } = controls
  const setSeedNow = (e: FormEvent) => {
    e.preventDefault()
    const value = Number(seed.trim())
    void send({ action: 'seed', seed: seed.trim() === '' ? NaN : value })
  }
  const state = paused ? 'Paused' : !controls.live || tickSeconds === 0 ? 'Moves when a price is set or a step is taken' : `Running · ${paceLabel(tickSeconds)}`
  return (
    <div className="market-controls" role="toolbar" aria-label="Market controls">
      <div className="control-row">
        <button type="button" className="small-button" aria-pressed={paused} disabled={busy} onClick={() => void send({ action: paused ? 'resume' : 'pause' })}>
          {paused ? <Play size={14} aria-hidden /> : <Pause size={14} aria-hidden />} {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="small-button" disabled={busy} onClick={() => void send({ action: 'step' })} title="Move the market one tick now (one day while replaying)">
          <StepForward size={14} aria-hidden /> Step
        </button>
        <label className="inline">Speed
          <select aria-label="Speed" value={SPEEDS.some((s) => s.tickSeconds === tickSeconds) ? tickSeconds : ''} onChange={(e) => void send({ action: 'speed', tickSeconds: Number(e.target.value) })}>
            {!SPEEDS.some((s) => s.tickSeconds === tickSeconds) && <option value="">{paceLabel(tickSeconds)}</option>}
            {SPEEDS.map((s) => <option key={s.tickSeconds} value={s.tickSeconds}>{s.label}</option>)}
          </select>
        </label>
      </div>
      <div className="control-row">
        <form className="seed-form" aria-label="Random walk seed" onSubmit={setSeedNow}>
          <label className="inline">Seed <input name="seed" inputMode="numeric" value={seed} size={6} onChange={(e) => setSeed(e.target.value)} /></label>
          <button type="submit" className="small-button" disabled={busy || seed === String(controls.seed)}>Set seed</button>
        </form>
        <label className="inline checkbox" title={replay.days === 0 ? 'Import a price history first' : `Plays ${replay.from} … ${replay.to}, one day per tick`}>
          <input type="checkbox" checked={replay.on} disabled={busy || (replay.days === 0 && !replay.on)} onChange={(e) => void send({ action: 'replay', on: e.target.checked })} /> Replay imported days
        </label>
        <button type="button" className="small-button" onClick={onImport}><Upload size={14} aria-hidden /> Import prices…</button>
      </div>
      <p className="muted control-state" data-testid="market-state" aria-live="polite">
        {state}
        {replay.on && <> · {replay.day ? `replaying ${replay.day}` : `replay starts at ${replay.from}`} ({replay.from} … {replay.to})</>}
      </p>
    </div>
  )
}
