"""Tests for docs_src/coding_model/bpe.py."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_model.bpe import Tokenizer, merge, pieces, train

CORPUS = (
    "the cat sat on the mat. the dog sat on the log. naïve café, 東京 and 🙂🙂 emoji too; the end\n\n  indented  "
) * 3

TRAINED = Tokenizer(train(CORPUS, 400))

unicode_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


def test_known_tiny_example():
    merges = train("banana bandana", 300)
    tok = Tokenizer(merges)
    assert [tok.vocab[256 + r] for r in range(len(merges))] == [b"an", b"ban", b"ana"]
    # after "an", (b, an) and (an, a) both occur twice: the tie goes to the smaller ids (98, 256)
    assert merges == [(97, 110), (98, 256), (256, 97)]
    assert tok.encode("banana bandana") == [257, 258, 32, 257, 100, 258]  # ban|ana, ' '|ban|d|ana


def test_merges_are_applied_in_rank_order_not_left_to_right():
    tok = Tokenizer([(ord("b"), ord("c")), (ord("a"), ord("b"))])  # rank 0: "bc", rank 1: "ab"
    assert tok.encode("abc") == [ord("a"), 256]  # "bc" first, even though "ab" is leftmost
    assert tok.encode("abd") == [257, ord("d")]


def test_training_is_deterministic_and_respects_the_budget():
    assert train(CORPUS, 400) == train(CORPUS, 400)
    assert len(train(CORPUS, 300)) <= 44
    assert train(CORPUS, 256) == []
    with pytest.raises(ValueError):
        train(CORPUS, 10)


def test_merges_never_cross_piece_boundaries():
    merges = train("ab ab ab ab", 300)
    tok = Tokenizer(merges)
    assert all(b" " not in tok.vocab[i][1:] for i in tok.vocab)  # a space only ever leads a token
    assert tok.encode("ab ab") == [tok.encode("ab")[0], tok.encode(" ab")[0]]


def test_compression_on_the_training_text():
    assert len(TRAINED.encode(CORPUS)) < len(CORPUS.encode("utf-8")) / 3


def test_decoding_a_broken_character_replaces_it():
    ids = Tokenizer([]).encode("é")  # two bytes: 0xC3 0xA9
    assert ids == [0xC3, 0xA9]
    assert Tokenizer([]).decode(ids[:1]) == "\ufffd"


def test_merge_is_non_overlapping():
    assert merge([1, 1, 1], (1, 1), 9) == [9, 1]
    assert merge([1, 2, 1, 2], (1, 2), 9) == [9, 9]


@settings(deadline=None, max_examples=300)
@given(unicode_text)
def test_pieces_cover_the_text(text):
    assert b"".join(pieces(text)) == text.encode("utf-8")


@settings(deadline=None, max_examples=300)
@given(unicode_text)
def test_round_trip_on_arbitrary_unicode(text):
    ids = TRAINED.encode(text)
    assert TRAINED.decode(ids) == text
    assert all(0 <= i < 256 + len(TRAINED.ranks) for i in ids)
    assert len(ids) <= len(text.encode("utf-8"))


@settings(deadline=None, max_examples=100)
@given(unicode_text.filter(lambda t: len(t) > 1), unicode_text)
def test_round_trip_with_merges_learned_from_random_text(corpus, text):
    tok = Tokenizer(train(corpus * 3, 300))
    assert tok.decode(tok.encode(corpus)) == corpus
    assert tok.decode(tok.encode(text)) == text


@settings(deadline=None, max_examples=100)
@given(unicode_text)
def test_encoding_is_a_fixed_point(text):
    # no two adjacent output tokens form a known merge: encoding applied every merge it could
    for piece in pieces(text):
        ids = TRAINED.encode_piece(piece)
        assert not any(pair in TRAINED.ranks for pair in zip(ids, ids[1:]))
