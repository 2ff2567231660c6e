"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "@/trpc/react";

/** How long typing must pause before the draft is saved. */
export const NOTES_DRAFT_DEBOUNCE_MS = 800;

export type NotesDraftStatus = "idle" | "saving" | "saved" | "failed";

/**
 * The clinician's in-call notes: restored from the server when the room loads (a reload or
 * a crashed tab loses nothing), saved as they type once typing pauses, and saved at once
 * when the field loses focus. A failed save is retried with the next keystroke or blur.
 */
export function useNotesDraft(sessionId: string, enabled: boolean) {
  const trpc = useTRPC();
  const [notes, setNotesState] = useState("");
  const [status, setStatus] = useState<NotesDraftStatus>("idle");
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const restored = useRef(false);
  const edited = useRef(false);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef("");

  const draft = useQuery({ ...trpc.sessions.notesDraft.get.queryOptions({ sessionId }), enabled, staleTime: Infinity, refetchOnWindowFocus: false });
  const save = useMutation(trpc.sessions.notesDraft.save.mutationOptions());
  const { mutate } = save;

  useEffect(() => {
    // Restore once, and never over what the clinician has typed since the page loaded.
    if (restored.current || !draft.data) return;
    restored.current = true;
    if (!edited.current && draft.data.notes) {
      latest.current = draft.data.notes;
      setNotesState(draft.data.notes);
      setSavedAt(draft.data.savedAt);
      setStatus("saved");
    }
  }, [draft.data]);

  const flush = useCallback(() => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    if (!enabled || !edited.current) return;
    setStatus("saving");
    const text = latest.current;
    mutate(
      { sessionId, notes: text },
      {
        onSuccess: (r) => {
          if (latest.current !== text) return;
          setSavedAt(r.savedAt);
          setStatus("saved");
        },
        onError: () => setStatus("failed"),
      },
    );
  }, [enabled, mutate, sessionId]);

  const setNotes = useCallback(
    (value: string) => {
      edited.current = true;
      latest.current = value;
      setNotesState(value);
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(flush, NOTES_DRAFT_DEBOUNCE_MS);
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  return { notes, setNotes, flush, status, savedAt, restoring: enabled && draft.isPending };
}
