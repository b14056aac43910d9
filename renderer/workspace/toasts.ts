import { create } from 'zustand'
import type { CodedError } from '../../domain/kernel/coded-error.ts'

/** One message in the corner: every rejection shows here, in words, with its code. */
export interface Toast {
  id: number
  kind: 'error' | 'info'
  message: string
  code?: string
}

/** The toasts on screen (the last five). */
interface ToastState {
  toasts: Toast[]
  toast(toast: Omit<Toast, 'id'>): void
  reject(error: CodedError): void
  dismiss(id: number): void
}

let toastId = 0

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  toast(toast) {
    const id = ++toastId
    set((s) => ({ toasts: [...s.toasts.slice(-4), { ...toast, id }] }))
    setTimeout(() => get().dismiss(id), toast.kind === 'error' ? 8000 : 4000)
  },
  reject: (error) => get().toast({ kind: 'error', message: error.message, code: error.code }),
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}))

/** Shows a notice or an error in words. */
export function toast(message: Omit<Toast, 'id'>): void {
  useToasts.getState().toast(message)
}

/** Shows a refusal: its message and its code. */
export function reject(error: CodedError): void {
  useToasts.getState().reject(error)
}
