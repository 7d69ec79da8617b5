"""Exact and near-duplicate detection over problems and solutions.

* **Exact**: code is reduced to a normalized AST (docstrings and comments gone, every name bound
  inside a function, parameters included, renamed ``v0, v1, ...`` in order of appearance, the
  function itself renamed ``f``) and hashed; a problem is keyed by its whitespace- and
  case-normalized statement plus its normalized signature.
* **Near**: MinHash LSH (``datasketch``) over word 3-grams of statements and token 5-grams of
  normalized code; two texts whose estimated Jaccard similarity reaches ``near_threshold`` are
  duplicates.

Duplicates are only looked for across problems: a problem's own candidate solutions may (and
often do) coincide::

    index = DedupIndex(DedupConfig())
    hit = index.admit(problem_id, statement, signature, solutions)   # None (now indexed), or a reason
    index.add(problem_id, statement, signature, solutions)            # index without checking (a resume)
"""

from __future__ import annotations

import ast
import builtins
import hashlib
import re
from dataclasses import dataclass

from synthcode.analysis import parse
from synthcode.errors import ConfigError
from synthcode.generate.parse import UNPARSABLE

_BUILTINS = frozenset(dir(builtins))
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(kw_only=True, slots=True)
class DedupConfig:
    near_threshold: float = 0.8
    """Estimated Jaccard similarity at or above which two problems (or solutions) are near duplicates."""
    num_perm: int = 64
    """MinHash permutations: more is more precise and slower."""

    def __post_init__(self) -> None:
        if not 0 < self.near_threshold < 1:
            raise ConfigError(f"dedup.near_threshold must be in (0, 1), got {self.near_threshold!r}")
        if self.num_perm < 16:
            raise ConfigError(f"dedup.num_perm must be at least 16, got {self.num_perm!r}")


class _Renamer(ast.NodeTransformer):
    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def _name(self, name: str) -> str:
        if name in _BUILTINS and name not in self.names:
            return name
        return self.names.setdefault(name, f"v{len(self.names)}")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        if not self.names:
            self.names[node.name] = "f"
        node.name = self._name(node.name)
        node.returns = None
        if (node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
                and isinstance(node.body[0].value.value, str)):
            node.body = node.body[1:] or [ast.Pass()]
        node.decorator_list = []
        self.generic_visit(node)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = self._name(node.arg)
        node.annotation = None
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = self._name(node.id)
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        self.generic_visit(node)
        if node.value is None:
            return ast.Pass()
        return ast.Assign(targets=[node.target], value=node.value, lineno=node.lineno)


def normalize_code(code: str) -> str:
    """Code with docstrings, comments, annotations and the choice of local names taken out."""
    try:
        tree = parse(code)
        body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]  # type: ignore[attr-defined]
        if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
            body = body[1:]
        module = ast.Module(body=body, type_ignores=[])
        return ast.unparse(ast.fix_missing_locations(_Renamer().visit(module)))
    except UNPARSABLE:
        return " ".join(code.split())


def normalize_text(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _shingles(tokens: list[str], n: int) -> set[bytes]:
    if len(tokens) < n:
        return {" ".join(tokens).encode()}
    return {" ".join(tokens[i: i + n]).encode() for i in range(len(tokens) - n + 1)}


class DedupIndex:
    """Keys of the problems and solutions seen so far, exact and MinHash."""

    def __init__(self, config: DedupConfig) -> None:
        from datasketch import MinHashLSH

        self.config = config
        try:
            self.problems = MinHashLSH(threshold=config.near_threshold, num_perm=config.num_perm)
            self.solutions = MinHashLSH(threshold=config.near_threshold, num_perm=config.num_perm)
        except ValueError as exc:  # datasketch cannot band that threshold with so few permutations
            raise ConfigError(f"dedup.near_threshold {config.near_threshold} with num_perm {config.num_perm}: "
                              f"{exc}; lower the threshold or raise num_perm") from None
        self.exact: dict[str, str] = {}
        """Digest -> the problem id that holds it."""

    def _minhash(self, shingles: set[bytes]):
        from datasketch import MinHash

        m = MinHash(num_perm=self.config.num_perm, seed=1)
        m.update_batch(list(shingles))
        return m

    def _keys(self, statement: str, signature: str, solutions: list[str]):
        text = normalize_text(statement)
        problem_key = _digest("problem\0" + text + "\0" + normalize_code(signature + " ..."))
        normalized = [normalize_code(s) for s in solutions]
        solution_keys = [_digest("solution\0" + n) for n in normalized]
        problem_hash = self._minhash(_shingles(text.split(), 3))
        solution_hashes = [self._minhash(_shingles(_TOKEN.findall(n), 5)) for n in normalized]
        return problem_key, solution_keys, problem_hash, solution_hashes

    def check(self, problem_id: str, statement: str, signature: str, solutions: list[str]) -> str | None:
        """None when the problem is new; otherwise why it is a duplicate (naming the earlier problem)."""
        return self._check(problem_id, *self._keys(statement, signature, solutions))

    def add(self, problem_id: str, statement: str, signature: str, solutions: list[str]) -> None:
        self._add(problem_id, *self._keys(statement, signature, solutions))

    def admit(self, problem_id: str, statement: str, signature: str, solutions: list[str]) -> str | None:
        """:meth:`check`, then :meth:`add` when the problem is new, normalizing and hashing once."""
        keys = self._keys(statement, signature, solutions)
        duplicate = self._check(problem_id, *keys)
        if duplicate is None:
            self._add(problem_id, *keys)
        return duplicate

    def _check(self, problem_id: str, problem_key, solution_keys, problem_hash, solution_hashes) -> str | None:
        other = self.exact.get(problem_key)
        if other is not None and other != problem_id:
            return f"exact duplicate of problem {other}"
        for key in solution_keys:
            other = self.exact.get(key)
            if other is not None and other != problem_id:
                return f"a solution is an exact duplicate (normalized AST) of problem {other}'s"
        for hit in self.problems.query(problem_hash):
            if hit.split(":")[0] != problem_id:
                return f"near duplicate (MinHash) of problem {hit.split(':')[0]}"
        for m in solution_hashes:
            for hit in self.solutions.query(m):
                if hit.split(":")[0] != problem_id:
                    return f"a solution is a near duplicate (MinHash) of problem {hit.split(':')[0]}'s"
        return None

    def _add(self, problem_id: str, problem_key, solution_keys, problem_hash, solution_hashes) -> None:
        for key in (problem_key, *solution_keys):
            self.exact.setdefault(key, problem_id)
        if f"{problem_id}:p" not in self.problems:
            self.problems.insert(f"{problem_id}:p", problem_hash)
        for i, m in enumerate(solution_hashes):
            if f"{problem_id}:{i}" not in self.solutions:
                self.solutions.insert(f"{problem_id}:{i}", m)
