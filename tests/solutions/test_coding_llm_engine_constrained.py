"""Tests for docs_src/coding_llm_engine/constrained_decoding.py.

The oracle is the brute-force index: for every state, run every token's string through
the DFA character by character, then iterate "a state is live if it accepts or has an
edge to a live state" to a fixed point. Hypothesis compares it with the trie-based
index on random automata and vocabularies, and random generations under the mask must
always stay inside the language and end in an accepting state.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.constrained_decoding import DFA, TokenIndex

DIGITS = "0123456789"
# JSON integer: -?(0|[1-9][0-9]*). States: 0 start, 1 after '-', 2 a lone zero, 3 digits.
JSON_INT = DFA(
    start=0,
    transitions={
        0: {"-": 1, "0": 2, **{d: 3 for d in DIGITS[1:]}},
        1: {"0": 2, **{d: 3 for d in DIGITS[1:]}},
        3: {d: 3 for d in DIGITS},
    },
    accepting=frozenset({2, 3}),
)
VOCAB = {0: "-", 1: "0", 2: "12", 3: "-7", 4: "00", 5: "a", 6: "3x", 7: "45", 8: "", 9: "-0"}
EOS = 10


def test_json_integer_masks():
    index = TokenIndex(JSON_INT, VOCAB, EOS)
    assert index.allowed(0) == {0, 1, 2, 3, 7, 9}  # "00" dies on its second character
    assert index.allowed(index.advance(0, 1)) == {EOS}  # after "0" only the end
    after_12 = index.advance(0, 2)
    assert index.allowed(after_12) == {1, 2, 4, 7, EOS}  # "00" is fine after "12"
    with pytest.raises(ValueError):
        index.advance(0, 5)
    masked = index.mask_logits([1.0] * 11, 0)
    assert [t for t, x in enumerate(masked) if x != float("-inf")] == [0, 1, 2, 3, 7, 9]


def test_dead_ends_are_pruned():
    dfa = DFA(0, {0: {"a": 1, "c": 3}, 1: {"b": 2}, 3: {"d": 2}}, frozenset({2}))  # "ab" | "cd"
    index = TokenIndex(dfa, {0: "a", 1: "c", 2: "d", 3: "ab"}, eos_id=9)
    assert index.allowed(0) == {1, 3}  # "a" would need a "b" token, and there is none
    with pytest.raises(ValueError):
        TokenIndex(dfa, {0: "a", 1: "x"}, eos_id=9)  # nothing in the language is spellable
    with pytest.raises(ValueError):
        TokenIndex(dfa, {0: "ab"}, eos_id=0)


def brute_force(dfa, vocab):
    edges, todo = {}, [dfa.start]
    while todo:
        s = todo.pop()
        if s in edges:
            continue
        edges[s] = {t: dfa.run(text, s) for t, text in vocab.items() if text and dfa.run(text, s) is not None}
        todo.extend(edges[s].values())
    live, changed = {s for s in edges if s in dfa.accepting}, True
    while changed:
        changed = False
        for s, out in edges.items():
            if s not in live and any(t in live for t in out.values()):
                live.add(s)
                changed = True
    return {s: {t: n for t, n in out.items() if n in live} for s, out in edges.items() if s in live}


dfas = st.integers(1, 5).flatmap(
    lambda n: st.builds(
        lambda table, acc: DFA(
            0, {s: {c: t for c, t in row.items() if t is not None} for s, row in enumerate(table)}, frozenset(acc)
        ),
        st.lists(
            st.fixed_dictionaries({c: st.one_of(st.none(), st.integers(0, n - 1)) for c in "abc"}),
            min_size=n,
            max_size=n,
        ),
        st.sets(st.integers(0, n - 1)),
    )
)
vocabs = st.lists(st.text(alphabet="abc", min_size=0, max_size=3), min_size=1, max_size=8).map(
    lambda words: dict(enumerate(words))
)


@settings(deadline=None, max_examples=400)
@given(dfas, vocabs)
def test_trie_index_equals_brute_force(dfa, vocab):
    expected = brute_force(dfa, vocab)
    eos = len(vocab)
    if dfa.start not in expected:
        with pytest.raises(ValueError):
            TokenIndex(dfa, vocab, eos)
        return
    index = TokenIndex(dfa, vocab, eos)
    assert index.states() == set(expected)
    for s, out in expected.items():
        assert index.allowed(s) == set(out) | ({eos} if s in dfa.accepting else set())
        for t, n in out.items():
            assert index.advance(s, t) == n


@settings(deadline=None, max_examples=200)
@given(dfas, vocabs, st.integers(0, 10**6))
def test_masked_generation_stays_in_the_language(dfa, vocab, seed):
    eos = len(vocab)
    try:
        index = TokenIndex(dfa, vocab, eos)
    except ValueError:
        return
    rng = random.Random(seed)
    state, text = dfa.start, ""
    for _ in range(30):
        logits = index.mask_logits([rng.gauss(0, 1) for _ in range(eos + 1)], state)
        choices = [t for t, x in enumerate(logits) if x != float("-inf")]
        assert choices, "the mask left nothing to sample"
        token = max(choices, key=lambda t: logits[t])
        if token == eos:
            assert dfa.run(text) in dfa.accepting
            return
        state = index.advance(state, token)
        text += vocab[token]
        assert dfa.run(text) == state


def test_generated_integers_are_valid_json():
    index = TokenIndex(JSON_INT, VOCAB, EOS)
    rng = random.Random(3)
    for _ in range(200):
        state, text = 0, ""
        while True:
            token = rng.choice(sorted(index.allowed(state)))
            if token == EOS:
                break
            state = index.advance(state, token)
            text += VOCAB[token]
        assert text == str(int(text)) or text == "-0"  # no leading zeros; "-0" is valid JSON
