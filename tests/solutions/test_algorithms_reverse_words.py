from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.algorithms.reverse_words import (
    reverse_each_word,
    reverse_each_word_idiomatic,
    reverse_word_order,
)

texts = st.text(alphabet=st.sampled_from("ab\u00e9Z9 \t\n"), max_size=40)
single_spaced = st.lists(st.text(alphabet="abcXYZ'.", min_size=1, max_size=6), max_size=8).map(" ".join)


@settings(deadline=None, max_examples=400)
@given(texts)
def test_each_word_matches_regex_oracle(text: str) -> None:
    expected = re.sub(r"\S+", lambda m: m.group()[::-1], text)
    assert reverse_each_word(text) == expected


@settings(deadline=None, max_examples=400)
@given(texts)
def test_word_order_matches_split_oracle(text: str) -> None:
    assert reverse_word_order(text) == " ".join(reversed(text.split()))


@settings(deadline=None, max_examples=200)
@given(single_spaced)
def test_idiomatic_agrees_on_single_spaces(text: str) -> None:
    assert reverse_each_word_idiomatic(text) == reverse_each_word(text)


@settings(deadline=None, max_examples=200)
@given(texts)
def test_reversing_twice_is_identity(text: str) -> None:
    assert reverse_each_word(reverse_each_word(text)) == text


def test_examples() -> None:
    assert reverse_each_word("load the model") == "daol eht ledom"
    assert reverse_each_word("") == ""
    assert reverse_each_word("   ") == "   "
    assert reverse_each_word(" a  bc ") == " a  cb "
    assert reverse_each_word("GPU") == "UPG"
    assert reverse_word_order("  load  the model ") == "model the load"
    assert reverse_word_order("") == ""
    assert reverse_word_order("one") == "one"
