import { flowsHost, type LibraryFlow } from '../workspace/flows.ts'
import { saveFile } from '../workspace/save-file.ts'
import { useWorkspace } from '../workspace/store.ts'
import { reject, toast } from '../workspace/toasts.ts'
import { blankFlow, editable } from './draft.ts'
import { useEditor } from './editor-store.ts'
import { useFlows } from './store.ts'

/*
 * What the library's buttons do: each calls the host, says what happened in a toast (a refusal with its
 * code), and reads the library again. Answers whether it worked, so a dialog knows to close.
 */

/** A file name as the library keeps them: `<name>.flow.json`. */
export function asFlowFile(text: string): string {
  const name = text.trim().replace(/\.json$/i, '').replace(/\.flow$/i, '')
  return `${name}.flow.json`
}

async function done(result: { ok: true } | { ok: false; error: Parameters<typeof reject>[0] }, message: string): Promise<boolean> {
  if (!result.ok) {
    reject(result.error)
    return false
  }
  toast({ kind: 'info', message })
  await useFlows.getState().load()
  return true
}

/** Opens a library flow in the form (a sample too: saving it keeps a copy). */
export async function editFlow(flow: LibraryFlow): Promise<void> {
  const result = await flowsHost.read(flow.file)
  if (!result.ok) return reject(result.error)
  useEditor.getState().open(editable(result.value.flow), flow.file, flow.readOnly)
  useFlows.getState().showEditor()
}

/** Opens a new flow in the form. */
export function newFlow(): void {
  useEditor.getState().open(blankFlow(useWorkspace.getState().actor), null, false)
  useFlows.getState().showEditor()
}

/** Makes a copy in the workspace's flows (a sample's copy is the workspace's own). */
export async function duplicateFlow(flow: LibraryFlow): Promise<boolean> {
  const result = await flowsHost.duplicate(flow.file)
  return done(result, result.ok ? `Copied “${flow.name}” as ${result.value.file}.` : '')
}

/** Gives a workspace flow another file name. */
export async function renameFlow(flow: LibraryFlow, to: string): Promise<boolean> {
  const result = await flowsHost.rename(flow.file, asFlowFile(to))
  return done(result, result.ok ? `Renamed ${flow.file} to ${result.value.file}.` : '')
}

/** Deletes a workspace flow (asked first by the screen). */
export async function deleteFlow(flow: LibraryFlow): Promise<boolean> {
  return done(await flowsHost.remove(flow.file), `Deleted “${flow.name}”.`)
}

/** Takes a flow file from the disk into the workspace's flows (validated by the host first). */
export async function importFlow(file: File): Promise<boolean> {
  const result = await flowsHost.importText(asFlowFile(file.name), await file.text())
  return done(result, result.ok ? `Imported “${result.value.name}” as ${result.value.file}.` : '')
}

/** Saves a flow's file where the person chooses. */
export async function exportFlow(flow: LibraryFlow): Promise<void> {
  const result = await flowsHost.read(flow.file)
  if (!result.ok) return reject(result.error)
  saveFile({ fileName: flow.file, mime: 'application/json', text: `${JSON.stringify(editable(result.value.flow), null, 2)}\n` })
}
