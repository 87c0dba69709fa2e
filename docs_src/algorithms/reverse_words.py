"""Reverse the letters of every word, or reverse the order of the words.

reverse_each_word("load the model")   -> "daol eht ledom"   (whitespace kept as is)
reverse_word_order("  load the model") -> "model the load"  (spaces normalised)
"""

from __future__ import annotations


def _reverse_range(chars: list[str], left: int, right: int) -> None:
    """Reverse chars[left..right] in place (both ends inclusive)."""
    while left < right:
        chars[left], chars[right] = chars[right], chars[left]
        left += 1
        right -= 1


def reverse_each_word(text: str) -> str:
    """Reverse each maximal run of non-whitespace characters; keep every whitespace
    character where it was. Two pointers over a mutable buffer, as you would in C."""
    chars = list(text)
    i = 0
    while i < len(chars):
        if chars[i].isspace():
            i += 1
            continue
        j = i
        while j + 1 < len(chars) and not chars[j + 1].isspace():
            j += 1
        _reverse_range(chars, i, j)
        i = j + 1
    return "".join(chars)


def reverse_word_order(text: str) -> str:
    """Words in reverse order, single spaces between, no leading/trailing spaces.
    Trick: reverse the whole buffer, then reverse each word back."""
    chars = list(" ".join(text.split()))  # normalise whitespace first
    _reverse_range(chars, 0, len(chars) - 1)
    return reverse_each_word("".join(chars))


def reverse_each_word_idiomatic(text: str) -> str:
    """What you would write in production Python when words are single-space separated."""
    return " ".join(word[::-1] for word in text.split(" "))


if __name__ == "__main__":
    print(reverse_each_word("load the model"))  # daol eht ledom
    print(reverse_word_order("  load  the model "))  # model the load
