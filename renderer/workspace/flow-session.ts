import { create } from 'zustand'

/**
 * What the shell and the features share about flows: whether a recording is on (the shell's
 * "Recording…" indicator), whether its Stop was asked (the Flows screen then asks a name), and a flow
 * another screen asked to open (the Timeline's "Make a spec" → "Open in Flows").
 */
interface FlowSession {
  recording: { from?: number; commands: number } | null
  stopAsked: boolean
  /** The library file to open in the Flows screen's editor, once it shows. */
  openFile: string | null
  setRecording(recording: { from?: number; commands: number } | null): void
  askStop(asked: boolean): void
  requestOpen(file: string | null): void
}

export const useFlowSession = create<FlowSession>()((set) => ({
  recording: null,
  stopAsked: false,
  openFile: null,
  setRecording: (recording) => set({ recording, ...(recording === null ? { stopAsked: false } : {}) }),
  askStop: (stopAsked) => set({ stopAsked }),
  requestOpen: (openFile) => set({ openFile }),
}))
