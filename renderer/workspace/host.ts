import type { EventEnvelope } from '../../domain/kernel/envelope.ts'
import type { ApiResult, FlowTarget, MethodValues, OpenProgress, Params } from '../../main/ipc/contract.ts'
import { bridge, isDesktop as desktop, onBusy as busy } from '../bridge.ts'

/**
 * The lower layer's door to the host for everything that is not a command or a read-model query: pushed
 * events, the log read by position, flows, the market, settings. Features call these, never the bridge.
 */

/** Whether this page runs in the desktop app (the preload's API) rather than in browser mode. */
export const isDesktop = (): boolean => desktop()

/** Hears the events the engine pushes after each write (this window's commands and everyone else's). */
export function onPushedEvents(listener: (events: EventEnvelope[]) => void): () => void {
  return bridge().onEvents(listener)
}

/** Hears the number of writes in flight (the header's "Saving…"). */
export function onWritesInFlight(listener: (inFlight: number) => void): () => void {
  return busy(listener)
}

/** Hears how far opening the workspace has got, when the host reports it. */
export function onOpenProgress(listener: (progress: OpenProgress) => void): () => void {
  return bridge().workspace.onProgress?.(listener) ?? (() => undefined)
}

/** What the host knows of the open workspace; a host that cannot be reached answers DISCONNECTED. */
export async function workspaceInfo(): Promise<ApiResult<MethodValues['workspace.info']>> {
  try {
    return await bridge().workspace.info()
  } catch {
    // a bridge that throws is a bridge that cannot be reached; the screen says so in words
    return { ok: false, error: { code: 'DISCONNECTED', message: 'Stormbook could not be reached.' } }
  }
}

/** Replaces the workspace's settings (not an event: the caller reloads the workspace info). */
export function updateSettings(settings: Record<string, unknown>): Promise<ApiResult<Record<string, unknown>>> {
  return bridge().workspace.updateSettings(settings)
}

/**
 * Changes some settings and keeps the rest as the host has them now (read just before): a screen whose
 * copy of the settings is older does not put back what another screen or the host changed since.
 */
export async function patchSettings(patch: Record<string, unknown>): Promise<ApiResult<Record<string, unknown>>> {
  const info = await workspaceInfo()
  if (!info.ok) return info
  return updateSettings({ ...info.value.settings, ...patch })
}

/** The events at positions `from…to` of the log (the timeline's pages). */
export function readEvents(from: number, to: number): Promise<ApiResult<EventEnvelope[]>> {
  return bridge().workspace.events(from, to)
}

/** The flows of the workspace's flows folder. */
export function listFlows(): Promise<ApiResult<MethodValues['flows.list']>> {
  return bridge().flows.list()
}

/** Runs a flow into the workspace (its events are pushed like any command's) or in a scratch log. */
export function runFlow(file: string, into?: FlowTarget): Promise<ApiResult<MethodValues['flows.run']>> {
  return bridge().flows.run(file, into)
}

/** Whether this host has a market whose prices can be read and set. */
export function hasMarket(): boolean {
  return !!bridge().market
}

/** The current quotes, or undefined without a market. */
export function readQuotes(): Promise<ApiResult<MethodValues['market.quotes']>> | undefined {
  return bridge().market?.quotes()
}

/** Sets prices by hand (practice mode); the orders it fills come back as pushed events. */
export function setPrices(prices: Record<string, string>): Promise<ApiResult<MethodValues['market.set']>> | undefined {
  return bridge().market?.set(prices)
}

/** Hears every change of the market's quotes, pushed by the host (no polling); a host that pushes none never calls. */
export function onQuotes(listener: (quotes: MethodValues['market.quotes']) => void): () => void {
  return bridge().market?.onQuotes?.(listener) ?? (() => undefined)
}

/** The market's practice controls (paused, pace, seed, replay, imported histories), or undefined without them. */
export function marketControls(): Promise<ApiResult<MethodValues['market.controls']>> | undefined {
  return bridge().market?.controls?.()
}

/** One practice control of the market (pause, resume, step, speed, seed, replay); answers the new state. */
export function controlMarket(control: Params<'market.control'>): Promise<ApiResult<MethodValues['market.control']>> | undefined {
  return bridge().market?.control?.(control)
}

/** Reads a vendor CSV of daily bars through a column mapping, writing nothing (the import dialog's preview). */
export function previewPriceImport(request: Params<'market.import'>): Promise<ApiResult<MethodValues['market.previewImport']>> | undefined {
  return bridge().market?.previewImport?.(request)
}

/** Imports a vendor CSV of daily bars into the workspace for the market to replay (nothing from a file with a problem). */
export function importPrices(request: Params<'market.import'>): Promise<ApiResult<MethodValues['market.import']>> | undefined {
  return bridge().market?.import?.(request)
}
