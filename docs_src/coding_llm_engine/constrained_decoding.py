"""Constrained decoding: precompute which tokens a character automaton allows.

The output must match a regular language (a JSON integer, an enum, a date), given as a
DFA over characters. Tokens are strings of several characters, so "which tokens may
come next" means: from the current DFA state, which token strings can be consumed
character by character without the DFA dying, and in which state each one ends.
TokenIndex computes that once per grammar, for every state the generation can reach,
by walking the DFA and a trie of the vocabulary together: a shared prefix of many tokens
is checked once, and a dead branch prunes every token below it. At decode time the mask
for a state is a dictionary lookup.

It also removes dead ends: a token that leads to a state from which no accepting state
can be reached with the vocabulary is not offered, so generation can always finish.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DFA:
    start: int
    transitions: Mapping[int, Mapping[str, int]]  # state -> character -> state
    accepting: frozenset[int]

    def step(self, state: int, ch: str) -> int | None:
        return self.transitions.get(state, {}).get(ch)

    def run(self, text: str, state: int | None = None) -> int | None:
        state = self.start if state is None else state
        for ch in text:
            state = self.step(state, ch)
            if state is None:
                return None
        return state


@dataclass
class _TrieNode:
    children: dict[str, _TrieNode] = field(default_factory=dict)
    tokens: list[int] = field(default_factory=list)  # tokens whose string ends here


class TokenIndex:
    def __init__(self, dfa: DFA, vocab: Mapping[int, str], eos_id: int) -> None:
        if eos_id in vocab:
            raise ValueError("eos_id must not also be a text token")
        self.dfa, self.eos_id = dfa, eos_id
        root = _TrieNode()
        for token, text in vocab.items():
            if not text:
                continue  # an empty token would let generation loop without progress
            node = root
            for ch in text:
                node = node.children.setdefault(ch, _TrieNode())
            node.tokens.append(token)
        edges = self._explore(root)
        self._next = self._prune_dead_ends(edges)
        if dfa.start not in self._next:
            raise ValueError("no string of the language can be spelled with this vocabulary")

    # ---- decode-time API ------------------------------------------------------
    def allowed(self, state: int) -> set[int]:
        out = set(self._next.get(state, ()))
        if state in self.dfa.accepting:
            out.add(self.eos_id)
        return out

    def advance(self, state: int, token: int) -> int:
        try:
            return self._next[state][token]
        except KeyError:
            raise ValueError(f"token {token} is not allowed in state {state}") from None

    def mask_logits(self, logits: Sequence[float], state: int) -> list[float]:
        ok = self.allowed(state)
        return [x if t in ok else -math.inf for t, x in enumerate(logits)]

    def states(self) -> set[int]:
        return set(self._next)

    # ---- construction ---------------------------------------------------------
    def _explore(self, root: _TrieNode) -> dict[int, dict[int, int]]:
        """For every state reachable from the start by whole tokens: token -> next state."""
        edges: dict[int, dict[int, int]] = {}
        queue = deque([self.dfa.start])
        while queue:
            state = queue.popleft()
            if state in edges:
                continue
            out: dict[int, int] = {}
            stack = [(root, state)]
            while stack:  # walk trie and DFA together; a dead DFA branch prunes the subtree
                node, s = stack.pop()
                for token in node.tokens:
                    out[token] = s
                for ch, child in node.children.items():
                    nxt = self.dfa.step(s, ch)
                    if nxt is not None:
                        stack.append((child, nxt))
            edges[state] = out
            queue.extend(s for s in out.values() if s not in edges)
        return edges

    def _prune_dead_ends(self, edges: dict[int, dict[int, int]]) -> dict[int, dict[int, int]]:
        """Keep only tokens leading to states that can still reach acceptance."""
        back: dict[int, set[int]] = {}
        for s, out in edges.items():
            for t in out.values():
                back.setdefault(t, set()).add(s)
        live = {s for s in edges if s in self.dfa.accepting}
        queue = deque(live)
        while queue:
            s = queue.popleft()
            for p in back.get(s, ()):
                if p not in live:
                    live.add(p)
                    queue.append(p)
        return {s: {tok: t for tok, t in out.items() if t in live} for s, out in edges.items() if s in live}
