"""Inputs drawn inside a function's inferred domain first, and the sizes its running time is
judged at (issue 16). The domain itself is inferred in :mod:`synthcode.domain.rules`.

Inputs (:func:`domain_inputs`): boundary values, seed mutants (:mod:`synthcode.mutation`), values
drawn from the type hints with Hypothesis when the seeds are few, empty or uninformative, wider
magnitudes, string case variants, an underscore put in (:func:`_class_variants`),
structural variants (a repeat shuffled or tripled, nesting one level deeper, every argument empty
at once), digit runs redrawn in the same shape, and the
task's vocabulary (:func:`vocabulary`: words and symbols of the docstrings, the statement and the
tests' strings, quoted values and the reference's string constants) alone, in place of a seed's
words (a listed word by its neighbours in the list first) or list items, and as phrases; whole
numbers in strings with a sign (:func:`_numeral_variants`); the calls the task's texts write are
seeds too (:func:`examples_in`); ``grow=True`` is the stage's second round, from inputs the
reference answered; every candidate input is classified, those inside first,
then at most a tenth of the budget outside (their disagreements are recorded, not judged).

Running time is judged only up to the tests' own sizes (:class:`Sizes`) and
:func:`magnitude_bound` (the stage records, not judges, a candidate's timeout on a larger input).
"""

from __future__ import annotations

import ast
import random
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from synthcode.domain.rules import BRACKETS, HINT_NAMES, MAX_LITERAL, Domain, is_number, is_sorted, with_argument

MAX_VOCABULARY = 60
STOP_WORDS = frozenset(
    "a an and are as be by check for from function given if in is it its of on or python return returns "
    "that the this to whether which with write".split())
"""Words of a statement that name no value of the task (``write a function to ...``)."""
OUTSIDE_SHARE = 10
"""At most ``count // OUTSIDE_SHARE`` inputs outside the domain: their disagreements are only
recorded, so the budget goes to inputs that are judged."""
WIDE = 10**4
"""Wider magnitudes stop here: a correct loop up to ``n`` must still answer within its limit."""
FAR = 100
"""An integer more than this many times the tests' largest (and past ``FAR_FLOOR``) is far beyond
them: a correct loop up to ``n`` may not answer it in time (see :func:`magnitude_bound`)."""
FAR_FLOOR = 1000
"""The least magnitude past which running time is not judged: tests with ``n <= 10`` do not ask
for a loop to ``n = 10,000`` to answer within the reference's time."""
WIDE_LENGTH = 256
"""Strings and lists repeated to make longer inputs stay this short."""

def _integers(value: Any, depth: int = 0) -> Iterable[int]:
    if type(value) is int:
        yield value
    elif isinstance(value, (list, tuple, set, frozenset)) and depth < 3:
        for item in value:
            yield from _integers(item, depth + 1)
    elif isinstance(value, dict) and depth < 3:
        for item in value.values():
            yield from _integers(item, depth + 1)


def magnitude_bound(seeds: list[tuple]) -> int:
    """The largest integer magnitude the task's running time is judged at: ``FAR`` times the
    tests' largest, at least ``FAR_FLOOR``. Past it a value is still judged, but running out of time
    is not: ``find_rect_num(10**9 + 7)`` answered by a loop where the reference has a formula is
    slow, not wrong (the tests never asked for that size)."""
    return max(FAR_FLOOR, FAR * max((abs(n) for s in seeds for n in _integers(s)), default=0))


def far_beyond(args: tuple, bound: int) -> bool:
    return any(abs(n) > bound for n in _integers(args))


def _lengths(value: Any, depth: int = 0) -> Iterable[int]:
    if isinstance(value, (str, list, tuple, dict, set, frozenset)):
        yield len(value)
        if depth < 2 and not isinstance(value, str):
            for item in (value.values() if isinstance(value, dict) else value):
                yield from _lengths(item, depth + 1)


SMALL_MAGNITUDE = 16
"""Integers up to this are never past the tests' sizes: an endless loop on ``n = 3`` is a bug
whatever the tests used (``bitcount(0)`` as the only test)."""
SMALL_LENGTH = 8
"""Likewise for lengths of strings and containers."""


@dataclass(frozen=True, slots=True)
class Sizes:
    """The largest integer magnitude and the longest length (strings and containers, two levels
    deep) of the tests' arguments (over all positions, at least ``SMALL_MAGNITUDE`` and
    ``SMALL_LENGTH``): a correct loop or brute force may run out of its time on larger inputs
    where the reference has a formula (the tests never asked for that size), so there a timeout
    is recorded, not judged (:meth:`beyond`)."""

    magnitude: int
    length: int

    @classmethod
    def of(cls, seeds: list[tuple]) -> Sizes:
        return cls(max(SMALL_MAGNITUDE, max((abs(n) for s in seeds for n in _integers(s)), default=0)),
                   max(SMALL_LENGTH, max((n for s in seeds for v in s for n in _lengths(v)), default=0)))

    def beyond(self, args: tuple) -> bool:
        """True when some argument holds a larger integer or is (or holds) a longer string or
        container than any test gave."""
        return (any(abs(n) > self.magnitude for n in _integers(args))
                or any(n > self.length for v in args for n in _lengths(v)))


# --------------------------------------------------------------------------- vocabulary and hints


QUOTED = re.compile("'([^'\\n]{1,24})'" + '|"([^"\\n]{1,24})"')


def vocabulary(texts: Iterable[str], literals: Iterable[str] = ()) -> list[str]:
    """Words and symbols of the task's text (docstrings, statement, the tests' strings), most
    frequent first: a planet name, a number word or an RPN operator reaches code a mutant of
    ``''`` never does. Quoted values in the text (``'o|'``, ``'.|'``) and ``literals`` (the
    reference's own short string constants: the keys of its ``note_map``, its operators) come
    first, whole, as the task spells them."""
    texts = list(texts)
    counts: dict[str, int] = {}
    for text in texts:
        for token in re.findall(r"[A-Za-z]+|\d+|[^\w\s'\"]", text):
            if token.lower() not in STOP_WORDS:
                counts[token] = counts.get(token, 0) + 1
    whole: dict[str, None] = {}
    for text in texts:
        for match in QUOTED.finditer(text):
            whole[match.group(1) or match.group(2)] = None
    for literal in literals:
        if 0 < len(literal) <= MAX_LITERAL and literal.strip() and "\n" not in literal:
            whole[literal] = None
    words = sorted(counts, key=lambda t: (-counts[t], t))
    return list(dict.fromkeys([*whole, *words]))[:MAX_VOCABULARY]


MAX_EXAMPLES = 20


def examples_in(texts: Iterable[str], entry_point: str) -> list[tuple]:
    """The arguments of every call of ``entry_point`` with literal arguments written in the task's
    texts (``>>> how_many_times('aaaa', 'aa')``, ``add(2, 3) ➞ 5``), at most ``MAX_EXAMPLES``:
    the statement's examples are inputs the task means, where one weak test may pass only ``''``."""
    found: dict[str, tuple] = {}
    pattern = re.compile(rf"(?<![\w.]){re.escape(entry_point)}\(")
    for text in texts:
        for match in pattern.finditer(text):
            depth, end = 1, match.end()
            while end < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[end], 0)
                end += 1
            if depth:
                continue
            try:
                args = ast.literal_eval("(" + text[match.end():end - 1] + ",)") if text[match.end():end - 1].strip() else ()
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
            if isinstance(args, tuple) and args:
                found.setdefault(repr(args), args)
            if len(found) >= MAX_EXAMPLES:
                return list(found.values())
    return list(found.values())


def hint_strategy(annotation: ast.expr | None, words: list[str]):
    """A Hypothesis strategy for an annotation read from the AST (never evaluated), or None when
    it names something else."""
    from hypothesis import strategies as st  # only when hints are used

    if annotation is None:
        return None
    node = annotation
    if isinstance(node, ast.Constant) and node.value is None:
        return st.none()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a string annotation
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = hint_strategy(node.left, words), hint_strategy(node.right, words)
        return None if left is None or right is None else left | right
    head, args = node, []
    if isinstance(node, ast.Subscript):
        head = node.value
        inner = node.slice
        args = list(inner.elts) if isinstance(inner, ast.Tuple) else [inner]
    name = head.attr if isinstance(head, ast.Attribute) else head.id if isinstance(head, ast.Name) else None
    kind = HINT_NAMES.get(name or "", "?")
    if kind == "?":
        return None
    if kind == "Any":  # a mix of plain values: filter_integers([4, {}, 23.2, 'a'])
        return st.one_of(st.integers(-10, 10), st.floats(-100, 100, allow_nan=False), st.text(max_size=4),
                         st.none(), st.booleans(), st.lists(st.integers(-3, 3), max_size=2),
                         st.dictionaries(st.text(max_size=2), st.integers(0, 3), max_size=1))
    if kind is None:
        return st.none()
    parts = [None if isinstance(a, ast.Constant) and a.value is Ellipsis else hint_strategy(a, words) for a in args]
    if any(p is None and not (isinstance(a, ast.Constant) and a.value is Ellipsis) for p, a in zip(parts, args)):
        return None
    if kind == "Optional":
        return st.none() | parts[0]
    if kind == "Union":
        return st.one_of(*parts)
    if kind is int:
        return st.integers(-10, 10) | st.integers(-10**4, 10**4)
    if kind is float:
        return st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)
    if kind is bool:
        return st.booleans()
    if kind is str:
        alphabet = string.ascii_letters + string.digits + " "
        text = st.text(alphabet, max_size=12)
        if not words:
            return text
        # The task's words alone, as phrases, and as prefixes or suffixes of free text
        # (filter_by_prefix(['johnny', 'xjohn'], 'john')).
        word = st.sampled_from(words)
        return st.one_of(word, st.lists(word, min_size=2, max_size=5).map(" ".join), text,
                         st.tuples(word, text).map("".join), st.tuples(text, word).map("".join))
    element = parts[0] if parts else (st.integers(-10, 10))
    if kind is list:
        return st.lists(element, max_size=8)
    if kind is set:
        return st.sets(element, max_size=8)
    if kind is tuple:
        if len(args) == 2 and isinstance(args[1], ast.Constant) and args[1].value is Ellipsis:
            return st.lists(element, max_size=8).map(tuple)
        return st.tuples(*parts) if parts else st.lists(st.integers(-10, 10), max_size=6).map(tuple)
    if kind is dict:
        key = parts[0] if parts else st.text(string.ascii_lowercase, max_size=4)
        value = parts[1] if len(parts) > 1 else st.integers(-10, 10)
        return st.dictionaries(key, value, max_size=6)
    return None


def hinted_inputs(annotations: list[ast.expr | None], words: list[str], count: int, seed: int) -> list[tuple]:
    """Up to ``count`` argument tuples drawn from the parameters' type hints (none if any
    parameter has no usable hint); deterministic for ``seed``."""
    if count <= 0 or not annotations:
        return []
    strategies = [hint_strategy(a, words) for a in annotations]
    if any(s is None for s in strategies):
        return []
    from hypothesis import HealthCheck, Phase, given, settings, strategies as st
    from hypothesis import seed as seeded

    drawn: list[tuple] = []

    @seeded(seed)
    @settings(max_examples=count, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), deadline=None)
    @given(st.tuples(*strategies))
    def collect(args: tuple) -> None:
        drawn.append(args)

    try:
        collect()
    except Exception:  # a strategy that cannot draw gives no inputs, never a crashed stage
        return []
    return drawn


# --------------------------------------------------------------------------- generating inputs


def _wider(args: tuple, rng: random.Random) -> tuple:
    """Each number scaled up (sign kept), each list of numbers lengthened with larger values (kept
    sorted when it was), other lists and strings repeated."""
    out = []
    for value in args:
        if is_number(value) and value and abs(value) < WIDE:
            factor = rng.choice((10, 100, 1000))
            out.append(max(-WIDE, min(WIDE, value * factor)))
        elif type(value) is list and value and all(type(x) is int for x in value):
            low, high = min(0, min(value)), max(abs(x) for x in value) * 10 + 10
            extra = [rng.randint(low, high) for _ in range(rng.randint(3, 12))]
            out.append(sorted(value + extra) if is_sorted(value) else value + extra)
        elif isinstance(value, (str, list)) and value and len(value) * 6 <= WIDE_LENGTH:
            out.append(value * rng.randint(2, 6))  # longer: a bug at index 26 needs a long string
        else:
            out.append(value)
    return tuple(out)


def _relational(args: tuple) -> list[tuple]:
    """Each number set to another numeric argument's value, one less and one more (``x == hi + 1``
    is where an off-by-one in a comparison between arguments shows)."""
    out = []
    for k, value in enumerate(args):
        if type(value) is not int:
            continue
        for j, other in enumerate(args):
            if type(other) is int and j != k:
                out += [args[:k] + (other + d,) + args[k + 1:] for d in (1, -1, 0)]
    numbers = [k for k, value in enumerate(args) if type(value) is int]
    if len(numbers) > 1:  # every number at once: power(0, 0)
        for small in (0, 1):
            out.append(tuple(small if k in numbers else value for k, value in enumerate(args)))
        for other in args:
            if type(other) in (list, str, tuple) and other:
                out += [args[:k] + (len(other) + d,) + args[k + 1:] for d in (-1, 0)]
    return out


def _deeper(value: list | tuple) -> list | tuple | None:
    """``value`` with one held list (or tuple) nested one level deeper (``[1, [2, 3]]`` to
    ``[1, [2, [3]]]``), or None when it holds none."""
    for j in range(len(value) - 1, -1, -1):
        item = value[j]
        if type(item) is type(value):
            inner = _deeper(item)
            if inner is None:
                inner = item[:-1] + type(item)([type(item)(item[-1:])])
            return value[:j] + type(value)([inner]) + value[j + 1:]
    return None


def _structural_variants(args: tuple, rng: random.Random) -> list[tuple]:
    """Shapes the seeds' mutants rarely take: a list with a repeat shuffled (a duplicate check
    that compares neighbours only misses ``[4, 1, 2, 3, 4]``), a list with its first item
    repeated at its end, a nested list one level deeper than the seed (recursion one level deep
    misses it), and every string and container empty at once (``f([], '')``)."""
    out: list[tuple] = []
    for k, value in enumerate(args):
        if type(value) is tuple and value:
            deeper = _deeper(value)
            if deeper is not None:
                out.append(args[:k] + (deeper,) + args[k + 1:])
        if type(value) is not list or not value:
            continue
        try:
            repeats = len({repr(e) for e in value}) < len(value)
        except TypeError:
            repeats = False
        if repeats:
            for _ in range(2):
                shuffled = value[:]
                rng.shuffle(shuffled)
                out.append(args[:k] + (shuffled,) + args[k + 1:])
            out.append(args[:k] + (value[::-1],) + args[k + 1:])
            twice = next(e for j, e in enumerate(value) if repr(e) in {repr(x) for x in value[:j]})
            out.append(args[:k] + (value + [twice],) + args[k + 1:])  # three of it
        elif len(value) >= 2:
            out.append(args[:k] + (value + value[:1],) + args[k + 1:])
        deeper = _deeper(value)
        if deeper is not None:
            out.append(args[:k] + (deeper,) + args[k + 1:])
            deepest = _deeper(deeper)
            if deepest is not None:
                out.append(args[:k] + (deepest,) + args[k + 1:])
    sized = [k for k, v in enumerate(args) if type(v) in (str, list, tuple, dict)]
    if len(sized) >= 2:
        out.append(tuple(type(v)() if k in sized else v for k, v in enumerate(args)))
    for k, value in enumerate(args):
        if type(value) is str:
            out += [with_argument(args, k, variant) for variant in _bracket_swaps(value)]
        elif type(value) is list and value and all(type(e) is int and e >= 0 for e in value):
            # The largest item made a power of ten (digit loops differ at exactly 10, 100: radix sort).
            top = max(value)
            power = 10 ** len(str(top)) if top else 10
            out.append(with_argument(args, k, [power if e == top else e for e in value]))
    return out


def _bracket_swaps(text: str) -> list[str]:
    """``text`` with every bracket of one kind written as another kind (``'([])'`` to ``'({})'``,
    ``'{()}'``): still balanced, where a seed's one kind of bracket hides a wrong pairing of another."""
    out = []
    for pair in BRACKETS:
        if pair[0] not in text and pair[1] not in text:
            continue
        for other in BRACKETS:
            if other != pair and other[0] not in text and other[1] not in text:
                out.append(text.translate(str.maketrans(pair, other)))
    return out


def _class_variants(args: tuple, rng: random.Random) -> list[tuple]:
    """Each string argument with letters, an underscore put in: a word character that is not
    alphanumeric, where ``\\W`` and ``isalnum`` part. (A tab for a space was tried and dropped:
    ``split()`` against ``split(' ')`` is a choice the task leaves open, and it rejected four
    right solutions on the development sets for one wrong one caught.)"""
    out = []
    for k, value in enumerate(args):
        if isinstance(value, str) and any(c.isalpha() for c in value):
            at = rng.randrange(len(value) + 1)
            out.append(args[:k] + (value[:at] + "_" + value[at:],) + args[k + 1:])
    return out


def _case_variants(args: tuple) -> list[tuple]:
    out = []
    for k, value in enumerate(args):
        if isinstance(value, str) and any(c.isalpha() for c in value):
            for variant in {value.upper(), value.lower(), value.title(), value.swapcase()} - {value}:
                out.append(args[:k] + (variant,) + args[k + 1:])
    return out


def _numeral_variants(args: tuple) -> list[tuple]:
    """Each string argument that is a whole number written with a sign, a fraction or spaces
    around it (``'+5'``, ``'-5'``, ``'5.5'``, ``' 5 '``): a task tested on ``'12345'`` and
    ``'python'`` asks what a number is, and these are where parsers differ."""
    out = []
    for k, value in enumerate(args):
        if isinstance(value, str) and value.isdigit() and value.isascii():
            for variant in (f"+{value}", f"-{value}", f"{value}.5", f" {value} "):
                out.append(args[:k] + (variant,) + args[k + 1:])
    return out


def _classes(text: str) -> set[str]:
    return {"letter" if c.isalpha() else "digit" if c.isdigit() else c for c in text}


def _vocabulary_variants(args: tuple, words: list[str], rng: random.Random, count: int,
                         phrases_first: bool = False) -> list[tuple]:
    """Each word alone in place of a string argument (words the seeds lack first) and in place
    of each word of the seed, ``count``
    random phrases of one to four words joined as the seed's words are (by spaces when the seed
    is ``''``: ``sort_numbers('seven one')``), and, in lists that hold strings, each word in
    place of one of them (``rpn_eval([3.0, 5.0, '-'])``); ``phrases_first`` takes phrases and the
    rest in turn."""
    strings = [k for k, v in enumerate(args) if isinstance(v, str)]
    lists = [k for k, v in enumerate(args) if type(v) is list and any(isinstance(e, str) for e in v)]
    if not (strings or lists) or not words:
        return []
    present = {t for k in strings for t in re.findall(r"\w+|[^\w\s]", args[k])}
    seen = set().union(*(_classes(args[k]) for k in strings))
    # Words of the seeds' own kind of characters first (a month name where month names are passed).
    ordered = sorted(words, key=lambda w: (not _classes(w) <= seen, w in present))
    alone = [args[:k] + (word,) + args[k + 1:] for word in ordered for k in strings]
    # Each word of a seed in turn replaced by a task word of its kind ('example.txt' to
    # 'example.exe', '5 apples' to '5 oranges').
    # A word the task lists is replaced by its neighbours in the list first: 'txt' by 'exe' and
    # 'dll' where the statement says ['txt', 'exe', 'dll'], a planet by the next planet.
    place = {w: n for n, w in enumerate(words)}
    swapped = []  # one list per word of the seeds, taken in turn
    for k in strings:
        for match in re.finditer(r"[A-Za-z]+|\d+", args[k]):
            kind = str.isalpha if match.group().isalpha() else str.isdigit
            near = ordered if match.group() not in place else sorted(
                ordered, key=lambda w, m=match.group(): (abs(place[w] - place[m]), len(w) != len(m)))
            swapped.append([args[:k] + (args[k][:match.start()] + word + args[k][match.end():],) + args[k + 1:]
                            for word in near if kind(word) and word != match.group()])
    alone = _round_robin([alone, _round_robin(swapped)])
    out: list[tuple] = []
    for k in lists:
        places = [j for j, e in enumerate(args[k]) if isinstance(e, str)]
        for word in words:
            j = rng.choice(places)
            out.append(args[:k] + (args[k][:j] + [word] + args[k][j + 1:],) + args[k + 1:])
    phrases = []
    for _ in range(count if strings else 0):
        k = rng.choice(strings)
        sep = " " if " " in args[k] or not args[k] else ("," if "," in args[k] else "")
        start = rng.randrange(len(words))  # neighbours: the keys of one dict, the words of one list
        picked = [rng.choice(words[start:start + PHRASE_WINDOW]) for _ in range(rng.randint(1, 4))]
        phrases.append(args[:k] + (sep.join(picked) if sep or len(picked) == 1 else "".join(picked),) + args[k + 1:])
    if phrases_first:  # a second round: the words are those the reference took
        return _round_robin([phrases, alone + out])
    return alone + out + phrases


def _shape_variants(args: tuple, rng: random.Random, count: int) -> list[tuple]:
    """Strings with digits, each run of digits drawn again at its width, up to twice its value
    (``'03-11-2000'`` to ``'05-17-1994'``, ``'1/5'`` to ``'3/8'``): dates, fractions and times
    stay well formed, and a swapped day and month shows where the tests' one date cannot."""
    strings = [k for k, v in enumerate(args) if isinstance(v, str) and any(c.isdigit() for c in v)]
    out = []
    for _ in range(count if strings else 0):
        k = rng.choice(strings)

        def redraw(match: re.Match) -> str:
            width, value = len(match.group()), int(match.group())
            drawn = rng.randint(0, 2 * value + 1) if rng.random() < 0.8 else rng.randint(0, 10 ** width - 1)
            return str(drawn).zfill(width) if match.group()[0] == "0" else str(drawn)

        out.append(args[:k] + (re.sub(r"\d+", redraw, args[k]),) + args[k + 1:])
    return out


SHAPES = 12
"""Well-formed variants (:func:`_shape_variants`) per seed string with digits."""
PHRASES = 4
"""Random phrases of the task's words per seed; ``PHRASES * 8`` when the seeds say little."""
PHRASE_WINDOW = 10
"""A phrase takes its words from this many neighbours in the vocabulary's order (quoted values
and the reference's constants come in the order written, so a phrase is mostly of one kind)."""


def uninformative(seeds: list[tuple]) -> bool:
    """True when the seeds say little: fewer than three, or every argument empty or zero."""
    if len(seeds) < 3:
        return True
    return all(not v for s in seeds for v in s if not isinstance(v, bool))


def domain_inputs(seeds: list[tuple], domain: Domain, count: int, *, boundary: list[tuple], seed: int,
                  words: list[str] = (), annotations: list[ast.expr | None] | None = None,
                  grow: bool = False) -> list[tuple]:
    """``count`` inputs beyond the seeds: inside the domain first (as known on the host), then at
    most a tenth outside it, each source interleaved so a small budget still sees all of them.
    ``grow``: the seeds include inputs the reference answered where it refused most (a second
    round, see the differential stage), so the task's words and the seeds' mutants share the
    budget equally."""
    from synthcode.mutation import generate_inputs

    rng = random.Random(seed)
    words = list(words)
    few = uninformative(seeds) or grow
    mutants = generate_inputs([*seeds, *boundary], count * 4, seed=seed)
    # (inputs, how many to take per round): boundary values and mutants keep most of every
    # round, as they had all the budget before the other sources came (small inputs such as
    # ``([1], 1)`` or ``'Z'`` catch many wrong solutions).
    sources: list[tuple[list[tuple], int]] = [
        (list(boundary), 4), (_round_robin([_relational(s) for s in seeds]), 2), (mutants, 4),
        ([_wider(s, rng) for s in seeds for _ in range(3)] + [_wider(m, rng) for m in mutants[:count // 4]], 1),
        ([v for s in seeds for v in _case_variants(s) + _numeral_variants(s) + _class_variants(s, rng)], 1),
        (_round_robin([_structural_variants(s, rng) for s in seeds]), 1),
        (_round_robin([_shape_variants(s, rng, SHAPES) for s in seeds]), 1),
        (_round_robin([_vocabulary_variants(s, words, rng, PHRASES * (8 if few else 1), grow) for s in seeds]),
         4 if grow else 2 if few else 1)]
    if annotations and few:
        sources.insert(0, (hinted_inputs(annotations, words, count, seed), 3))
    seen = {repr(s) for s in seeds}
    sources = [(_fresh(items, seen), share) for items, share in sources]
    inside: list[tuple] = []
    outside: list[tuple] = []
    for args in _interleave(sources):
        key = repr(args)
        if key in seen:
            continue
        seen.add(key)
        if not domain.violation(args):
            inside.append(args)
            continue
        outside.append(args)
        fixed = domain.repaired(args)  # the mutant with its relations restored
        if fixed is not None and repr(fixed) not in seen:
            seen.add(repr(fixed))
            inside.append(fixed)
    room_outside = count // OUTSIDE_SHARE if domain.rules else count
    chosen = inside[:count - min(room_outside, len(outside))]
    return chosen + outside[:count - len(chosen)]


def _fresh(items: list[tuple], seen: set[str]) -> list[tuple]:
    """``items`` without repeats and without those in ``seen`` (a round's share is not wasted)."""
    out, keys = [], set(seen)
    for args in items:
        key = repr(args)
        if key not in keys:
            keys.add(key)
            out.append(args)
    return out


def _round_robin(lists: list[list[tuple]]) -> list[tuple]:
    """The first of each list, then the second of each, and so on."""
    longest = max((len(items) for items in lists), default=0)
    return [items[k] for k in range(longest) for items in lists if k < len(items)]


def _interleave(sources: list[tuple[list[tuple], int]]) -> Iterable[tuple]:
    """Round by round, ``share`` inputs from each source (fewer once it runs out)."""
    positions = [0] * len(sources)
    while any(positions[k] < len(items) for k, (items, _) in enumerate(sources)):
        for k, (items, share) in enumerate(sources):
            yield from items[positions[k]:positions[k] + share]
            positions[k] += share

