"""Byte-level byte-pair encoding: training, encoding and decoding, standard library only.

Tokens 0..255 are the raw bytes, so every string (any Unicode, any emoji) encodes
and decodes back exactly. Training repeatedly merges the most frequent adjacent
pair into a new token 256, 257, ...; a tie goes to the pair with the smaller ids
(a deterministic rule: the same text always gives the same merges). Text is first
split into pieces (a word with its leading whitespace) and merges never cross a
piece boundary, as in GPT-2.
"""

from __future__ import annotations

import re
from collections import Counter

PIECE = re.compile(r"\s*\S+|\s+")  # "hi  there " -> "hi", "  there", " " (covers every char)

Pair = tuple[int, int]


def pieces(text: str) -> list[bytes]:
    return [m.group().encode("utf-8") for m in PIECE.finditer(text)]


def merge(ids: list[int], pair: Pair, new_id: int) -> list[int]:
    """Replace non-overlapping occurrences of `pair`, scanning left to right."""
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train(text: str, vocab_size: int, min_count: int = 2) -> list[Pair]:
    """Return the merges in rank order: merges[r] made token 256 + r."""
    if vocab_size < 256:
        raise ValueError("a byte-level vocabulary has at least 256 tokens")
    words = Counter(tuple(p) for p in pieces(text))  # each distinct piece once, with its count
    seqs = {w: list(w) for w in words}
    merges: list[Pair] = []
    while 256 + len(merges) < vocab_size:
        counts: Counter[Pair] = Counter()
        for w, n in words.items():
            ids = seqs[w]
            for pair in zip(ids, ids[1:]):
                counts[pair] += n
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))  # most frequent, then smallest ids
        if counts[best] < min_count:
            break  # merging a pair seen once compresses nothing that generalises
        new_id = 256 + len(merges)
        merges.append(best)
        for w in words:
            seqs[w] = merge(seqs[w], best, new_id)
    return merges


class Tokenizer:
    def __init__(self, merges: list[Pair]):
        self.ranks = {pair: 256 + r for r, pair in enumerate(merges)}  # pair -> new id
        self.vocab = {i: bytes([i]) for i in range(256)}
        for pair, new_id in self.ranks.items():
            self.vocab[new_id] = self.vocab[pair[0]] + self.vocab[pair[1]]

    def encode_piece(self, data: bytes) -> list[int]:
        ids = list(data)
        while len(ids) >= 2:
            # apply the EARLIEST-learned merge present, not the leftmost or most frequent
            pair = min(zip(ids, ids[1:]), key=lambda p: self.ranks.get(p, float("inf")))
            if pair not in self.ranks:
                break
            ids = merge(ids, pair, self.ranks[pair])
        return ids

    def encode(self, text: str) -> list[int]:
        return [i for piece in pieces(text) for i in self.encode_piece(piece)]

    def decode(self, ids: list[int]) -> str:
        # a slice of a token sequence may end inside a multi-byte character: replace it
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")
