"""Incremental detokenisation with stop strings that may span token boundaries.

Tokens of a byte-level BPE vocabulary are byte strings, and one character can be cut
across two tokens, so bytes go through an incremental UTF-8 decoder that keeps an
unfinished character until its last byte arrives. Decoded text then waits in
`pending` only while it could still turn into a stop string: after each token the
streamer emits everything except the longest tail of `pending` that is a prefix of
some stop string. When a stop string is complete, the text before it is emitted,
the stop string itself is not, and the stream is finished.
"""

from __future__ import annotations

import codecs
from collections.abc import Collection, Mapping, Sequence


class StopStreamer:
    def __init__(
        self, vocab: Mapping[int, bytes], stop: Sequence[str] = (), stop_token_ids: Collection[int] = ()
    ) -> None:
        if any(not s for s in stop):
            raise ValueError("stop strings must be non-empty")
        self.vocab = vocab
        self.stop = list(stop)
        self.stop_token_ids = frozenset(stop_token_ids)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self._longest = max((len(s) for s in self.stop), default=0)
        self.text = ""  # everything emitted so far
        self.finished = False
        self.finish_reason: str | None = None  # "stop", "stop_token" or "length"
        self.matched: str | None = None  # the stop string that ended the stream

    def push(self, token_id: int) -> str:
        """Feed one generated token; return the text that is now safe to show."""
        if self.finished:
            return ""
        if token_id in self.stop_token_ids:  # EOS: nothing more can complete a stop
            return self._end("stop_token")
        self._pending += self._decoder.decode(self.vocab[token_id])
        return self._emit()

    def close(self) -> str:
        """The generation ended (length limit): flush what is held back."""
        if self.finished:
            return ""
        return self._end("length")

    # ---- internals -----------------------------------------------------------
    def _emit(self) -> str:
        hit = self._earliest_stop()
        if hit is not None:
            index, s = hit
            out = self._pending[:index]
            self._pending = ""
            self.finished, self.finish_reason, self.matched = True, "stop", s
            return self._out(out)
        hold = self._held_back()
        out = self._pending[: len(self._pending) - hold]
        self._pending = self._pending[len(self._pending) - hold :]
        return self._out(out)

    def _end(self, reason: str) -> str:
        self._pending += self._decoder.decode(b"", final=True)  # a cut-off character -> U+FFFD
        hit = self._earliest_stop()
        out = self._pending if hit is None else self._pending[: hit[0]]
        self._pending = ""
        self.finished = True
        self.finish_reason, self.matched = (reason, None) if hit is None else ("stop", hit[1])
        return self._out(out)

    def _earliest_stop(self) -> tuple[int, str] | None:
        """(start, stop string) of the stop that completes first; on a tie, the longer.

        The stream ends the moment any stop string is complete, so "first" means the
        earliest end, not the earliest start: that answer does not depend on where the
        token boundaries fall.
        """
        best = None  # (end, start, stop string)
        for s in self.stop:
            i = self._pending.find(s)
            if i >= 0 and (best is None or (i + len(s), i) < best[:2]):
                best = (i + len(s), i, s)
        return None if best is None else (best[1], best[2])

    def _held_back(self) -> int:
        """Length of the longest tail of pending that some stop string starts with."""
        for n in range(min(len(self._pending), self._longest - 1), 0, -1):
            tail = self._pending[-n:]
            if any(s.startswith(tail) for s in self.stop):
                return n
        return 0

    def _out(self, text: str) -> str:
        self.text += text
        return text
