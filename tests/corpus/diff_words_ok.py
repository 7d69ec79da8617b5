"""Correct: a rewrite of the reference (a loop instead of a comprehension, a set for the vowels)."""


def count_vowels(text):
    count = 0
    for ch in text.lower():
        if ch in {"a", "e", "i", "o", "u"}:
            count += 1
    return count


def test_count_vowels():
    assert count_vowels("Hello World") == 3
    assert count_vowels("xyz") == 0
