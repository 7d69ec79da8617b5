"""Prompt templates (Jinja2) under ``prompts/``: each renders a ``system`` and a ``user`` message.

A template's path (``problem/v1.j2``) is its version: a changed prompt is a new file, and every
sample records the versions that produced it::

    messages = render_messages("problem/v1.j2", topic="searching", concept="binary search", ...)
    # (("system", "..."), ("user", "..."))
"""

from __future__ import annotations

import functools
from typing import Any

from synthcode.errors import ConfigError
from synthcode.paths import prompts_dir

TEMPLATE_DIR = prompts_dir()


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=False, autoescape=False)


@functools.cache
def _template(name: str) -> Any:
    import jinja2

    try:
        return _environment().get_template(name)
    except jinja2.TemplateNotFound:
        raise ConfigError(f"prompt template {name!r} not found under {TEMPLATE_DIR}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ConfigError(f"prompt template {name!r}, line {exc.lineno}: {exc.message}") from None


def check_template(name: str) -> None:
    """Raise :class:`ConfigError` now if ``name`` is missing or broken."""
    _template(name)


def render_messages(name: str, **values: Any) -> tuple[tuple[str, str], ...]:
    import jinja2

    try:
        module = _template(name).make_module(values)
    except jinja2.UndefinedError as exc:
        raise ConfigError(f"prompt template {name!r}: {exc.message}") from None
    system, user = str(getattr(module, "system", "")).strip(), str(getattr(module, "user", "")).strip()
    if not user:
        raise ConfigError(f"prompt template {name!r} sets no 'user' message")
    return (("system", system), ("user", user)) if system else (("user", user),)
