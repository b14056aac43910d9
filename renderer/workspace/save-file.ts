/**
 * Saves a file the app made (an export, a flow) where the person chooses: the browser's download, which
 * the desktop app turns into its save dialog. `base64` content (a PNG) is decoded to bytes first.
 */
export function saveFile(file: { fileName: string; mime: string; text?: string; base64?: string }): void {
  const body = file.base64 !== undefined ? Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0)) : (file.text ?? '')
  const blob = new Blob([body], { type: file.mime })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = file.fileName
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Revoked after the click has been handled (an immediate revoke can cancel the download in some browsers).
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
