"""Rebuild a value from its ``repr`` without evaluating code (stdlib only: runs in the sandbox).

The one implementation, shared: the harnesses import it from beside the runner (they cannot import
synthcode), and the host through :func:`synthcode.mutation.parse_repr`, which passes a
thread-safe ``parse``. Not a harness: it has no ``run``.
"""

import ast
import math

_NAMES = {"nan": math.nan, "inf": math.inf, "True": True, "False": False, "None": None}
_CALLS = {"set": set, "frozenset": frozenset, "float": float}


def _build(node):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _build(node.operand)
        if isinstance(value, (int, float, complex)) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        left, right = _build(node.left), _build(node.right)  # complex numbers: 1+2j
        if isinstance(right, complex):
            return left + right if isinstance(node.op, ast.Add) else left - right
    if isinstance(node, ast.Tuple):
        return tuple(_build(e) for e in node.elts)
    if isinstance(node, ast.List):
        return [_build(e) for e in node.elts]
    if isinstance(node, ast.Set):
        return {_build(e) for e in node.elts}
    if isinstance(node, ast.Dict) and None not in node.keys:
        return {_build(k): _build(v) for k, v in zip(node.keys, node.values)}
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords
            and node.func.id in _CALLS and len(node.args) <= 1):
        arg = _build(node.args[0]) if node.args else ()
        return _CALLS[node.func.id](arg)
    raise ValueError("not a literal value: %s" % ast.unparse(node)[:80])


def parse_repr(text, parse=ast.parse):
    """The value ``text`` is the ``repr`` of; ``ValueError`` for anything but a literal."""
    try:
        tree = parse(text.strip(), mode="eval")
    except SyntaxError:
        raise ValueError("not a literal value: %s" % text[:80]) from None
    return _build(tree.body)
