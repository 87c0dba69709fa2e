"""Tests for docs_src/coding_llm_engine/stop_streamer.py.

The oracle is the offline answer: decode the whole output, cut it before the
earliest occurrence of any stop string. Hypothesis generates text with multi-byte
characters, stop strings over the same alphabet, and arbitrary token boundaries,
including boundaries inside a character, and checks the stream against the oracle
after every token: what was shown is always a prefix of the final answer (nothing is
ever taken back), the stream ends on the token that completes a stop string, and
the text held back never exceeds the longest stop string minus one character.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docs_src.coding_llm_engine.stop_streamer import StopStreamer


def tokenize(pieces):
    vocab, ids = {}, []
    for piece in pieces:
        ids.append(vocab.setdefault(piece, len(vocab)))
    return {i: p for p, i in vocab.items()}, ids


def oracle(text, stops):
    """Offline answer: cut before the stop string that is complete first (on a tie in
    where they end, the longer one). The first occurrence of s ends at find(s) + len(s)."""
    hits = [(text.find(s) + len(s), text.find(s)) for s in stops if s in text]
    return text[: min(hits)[1]] if hits else text


def test_stop_string_split_across_tokens_is_not_shown():
    vocab, ids = tokenize([b"Sure, here", b" it is.\n", b"Us", b"er:", b" more"])
    s = StopStreamer(vocab, stop=["\nUser:"])
    shown = [s.push(t) for t in ids]
    assert shown == ["Sure, here", " it is.", "", "", ""]
    assert s.text == "Sure, here it is." and s.finish_reason == "stop" and s.matched == "\nUser:"


def test_false_alarm_is_released_when_it_stops_matching():
    vocab, ids = tokenize([b"a\nU", b"sed"])
    s = StopStreamer(vocab, stop=["\nUser:"])
    assert s.push(ids[0]) == "a"  # "\nU" could start the stop string: held
    assert s.push(ids[1]) == "\nUsed"
    assert s.close() == "" and s.finish_reason == "length"


def test_character_cut_between_tokens():
    euro = "€".encode()  # three bytes
    vocab, ids = tokenize([b"5 ", euro[:1], euro[1:], b"!"])
    s = StopStreamer(vocab)
    assert [s.push(t) for t in ids] == ["5 ", "", "€", "!"]


def test_eos_flushes_held_text_and_a_dangling_byte():
    vocab = {0: b"ok <", 1: "é".encode()[:1], 2: b""}
    s = StopStreamer(vocab, stop=["<end>"], stop_token_ids={2})
    assert s.push(0) == "ok "
    assert s.push(1) == ""  # half a character: the decoder keeps the byte, "<" waits
    assert s.push(2) == "<\ufffd" and s.finish_reason == "stop_token"
    assert s.push(0) == ""  # finished streams ignore further tokens


def test_the_stop_that_completes_first_wins():
    vocab, ids = tokenize([b"xxab", b"cd"])
    s = StopStreamer(vocab, stop=["bcd", "abc"])
    assert "".join(s.push(t) for t in ids) == "xx" and s.matched == "abc"
    # "abcd" starts earlier, but "b" is complete first; one token or two, same answer
    for pieces in ([b"xabcd"], [b"xa", b"bcd"]):
        vocab, ids = tokenize(pieces)
        s = StopStreamer(vocab, stop=["abcd", "b"])
        assert "".join(s.push(t) for t in ids) == "xa" and s.matched == "b"


ALPHABET = "ab \né€🙂"


@settings(deadline=None, max_examples=400)
@given(
    st.text(alphabet=ALPHABET, max_size=30),
    st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), max_size=3),
    st.data(),
)
def test_streaming_matches_the_offline_answer(text, stops, data):
    raw = text.encode()
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(raw) - 1)), max_size=len(raw))))
    cuts = [c for c in cuts if c < len(raw)]
    pieces = [raw[a:b] for a, b in zip([0] + cuts, cuts + [len(raw)]) if b > a]
    vocab, ids = tokenize(pieces)
    expected = oracle(text, stops)
    s = StopStreamer(vocab, stop=stops)
    consumed = 0
    for t in ids:
        s.push(t)
        consumed += len(vocab[t])
        assert expected.startswith(s.text), "shown text was taken back or is wrong"
        seen = raw[:consumed].decode("utf-8", errors="ignore")  # complete characters so far
        first_stop_end = min((text.find(x) + len(x) for x in stops if x in text), default=None)
        if first_stop_end is not None and len(seen) >= first_stop_end:
            assert s.finished, "the stop string arrived but the stream did not end"
            break
        assert not s.finished
        assert len(seen) - len(s.text) <= max(0, max((len(x) for x in stops), default=0) - 1)
    s.close()
    assert s.text == expected
    assert s.finish_reason == ("stop" if any(x in text for x in stops) else "length")
