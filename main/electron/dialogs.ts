import { dialog, type BrowserWindow, type MessageBoxOptions } from 'electron'

/** Shows a message box and answers the label of the button chosen (the last button is the cancel one). */
export async function ask(options: MessageBoxOptions & { buttons: string[] }, parent?: BrowserWindow): Promise<string> {
  const box: MessageBoxOptions = { title: 'Stormbook', noLink: true, defaultId: 0, cancelId: options.buttons.length - 1, ...options }
  const { response } = parent && !parent.isDestroyed() ? await dialog.showMessageBox(parent, box) : await dialog.showMessageBox(box)
  return options.buttons[response] ?? ''
}

/** The native folder dialog; null when cancelled. */
export async function chooseFolder(title: string, buttonLabel: string, parent?: BrowserWindow): Promise<string | null> {
  const options = { title, buttonLabel, properties: ['openDirectory', 'createDirectory', 'promptToCreate'] as Array<'openDirectory' | 'createDirectory' | 'promptToCreate'> }
  const picked = parent && !parent.isDestroyed() ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options)
  return picked.canceled || picked.filePaths.length === 0 ? null : picked.filePaths[0]
}

/** The words of a caught error, for an error box. */
export function words(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
