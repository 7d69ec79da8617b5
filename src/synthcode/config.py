"""Typed configs from YAML: dataclasses are the schema, files only fill them in.

A file may derive from another with ``include: base.yaml`` (a path relative to the file); its own
keys then overlay the base's, nested mappings merged key by key. Unknown keys and wrongly typed
values are errors that name the key, the file and, where one is close, the key that was meant.
A setting declared with :func:`path_field` is a path: a relative one written in a file is relative
to the folder of the file that wrote it (not the working directory); one given as an override (a
command-line flag) is relative to the working directory.

Some settings are alternatives: a field declared with ``metadata={"replaces": ("other", ...)}``
drops the inherited ``other`` settings when a file (or an override) that includes another sets it,
so a derived file switching from one alternative to the other writes only the one it wants
(e.g. a mix source given ``text_field`` drops an inherited ``formatter`` and its ``fields``)::

    config = load_config(VerifyConfig, "configs/verify/default.yaml", overrides={"workers": 4})
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

from synthcode.errors import ConfigError

T = TypeVar("T")

log = logging.getLogger(__name__)

HUB_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")
"""``owner/name``: a Hub repository id (a path field that may name one is kept as written when no
such local path exists beside the config file)."""


class Located(str):
    """A string read from a config file, remembering that file's folder (to resolve paths)."""

    base: Path

    def __new__(cls, value: str, base: Path) -> "Located":
        self = super().__new__(cls, value)
        self.base = base
        return self


def path_field(default: Any = dataclasses.MISSING, *, hub: bool = False, **kwargs: Any) -> Any:
    """A dataclass field holding a path (or a list of paths); ``hub=True`` when the value may also
    be a Hub id (``owner/name``)."""
    return dataclasses.field(default=default, metadata={"path": "hub" if hub else "local"}, **kwargs)


def resolve_path(value: Any, kind: str = "local") -> Any:
    """``value`` made absolute against the folder of the config file it was read from; values not
    read from a file (overrides, defaults) are returned as they are."""
    if isinstance(value, list):
        return [resolve_path(item, kind) for item in value]
    if not isinstance(value, Located) or not value or "://" in value:
        return str(value) if isinstance(value, str) else value
    path = Path(value).expanduser()
    if path.is_absolute():
        return str(path)
    local = value.base / path
    if kind == "hub" and HUB_ID.fullmatch(value) and not local.exists():
        return str(value)
    return os.path.normpath(local)


def _locate(data: Any, base: Path) -> Any:
    if isinstance(data, str):
        return Located(data, base)
    if isinstance(data, dict):
        return {key: _locate(value, base) for key, value in data.items()}
    if isinstance(data, list):
        return [_locate(value, base) for value in data]
    return data


def read_yaml(path: Path, seen: tuple[Path, ...] = (), schema: Any = None) -> dict[str, Any]:
    """The mapping in ``path``, overlaid on the file it includes (if any); ``schema`` (the config
    class) lets the overlay honour fields' ``replaces`` (see :func:`merge`)."""
    import yaml

    path = path.resolve()
    if path in seen:
        raise ConfigError(f"{path}: include cycle")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top, got {type(data).__name__}")
    base = data.pop("include", None)
    data = _locate(data, path.parent)
    if base is None:
        return data
    return merge(read_yaml(path.parent / base, seen + (path,), schema), data, schema, where=str(path))


def merge(base: dict[str, Any], overlay: dict[str, Any], schema: Any = None, where: str = "") -> dict[str, Any]:
    """``overlay`` over ``base``, nested mappings merged key by key. With ``schema`` (a dataclass,
    or a type hint holding one), a key the overlay sets whose field declares
    ``metadata={"replaces": (...)}`` drops those keys from ``base`` (unless the overlay sets them too)."""
    out = dict(base)
    fields = _schema_fields(schema)
    for key in overlay:
        field = fields.get(key)
        for other in field.metadata.get("replaces", ()) if field is not None else ():
            if other in out and other not in overlay:
                log.info("%s%s replaces the inherited %s", f"{where}: " if where else "", key, other)
                del out[other]
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value, _inner(schema, key, fields), f"{where}.{key}" if where else key)
        else:
            out[key] = value
    return out


def _unwrap(hint: Any) -> Any:
    """``X`` of ``X | None`` (the one non-None option of a union), else ``hint``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        if len(options) == 1:
            return options[0]
    return hint


def _schema_fields(schema: Any) -> dict[str, dataclasses.Field]:
    schema = _unwrap(schema)
    if isinstance(schema, type) and dataclasses.is_dataclass(schema):
        return {f.name: f for f in dataclasses.fields(schema)}
    return {}


def _inner(schema: Any, key: str, fields: dict[str, dataclasses.Field]) -> Any:
    """The schema of ``key``'s value: a dataclass field's type, or a ``dict[str, V]``'s ``V``."""
    schema = _unwrap(schema)
    if fields:
        return typing.get_type_hints(schema).get(key) if key in fields else None
    if typing.get_origin(schema) is dict:
        args = typing.get_args(schema)
        return args[1] if len(args) == 2 else None
    return None


def _convert(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        return build(hint, value, where)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _convert(value, option, where)
            except ConfigError as exc:
                errors.append(str(exc))
        raise ConfigError(errors[0] if errors else f"{where}: unexpected {value!r}")
    if origin in (list, tuple):
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        (item,) = typing.get_args(hint)[:1] or (Any,)
        return [_convert(v, item, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        _, item = typing.get_args(hint) or (Any, Any)
        return {k: _convert(v, item, f"{where}.{k}") for k, v in value.items()}
    if hint is Any:
        return _plain(value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(hint, type) and not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: expected {getattr(hint, '__name__', hint)}, got {value!r}")
    return _plain(value)


def _plain(data: Any) -> Any:
    """``data`` with every :class:`Located` string back to a plain ``str`` (configs pickle and dump)."""
    if isinstance(data, str):
        return str(data)
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    return data


def build(cls: type[T], data: dict[str, Any], where: str = "config") -> T:
    """Make ``cls`` from a mapping, checking names and types; the class validates values."""
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for key, value in data.items():
        if key not in fields:
            close = difflib.get_close_matches(str(key), fields, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{where}: unknown setting {key!r}{hint}")
        if "path" in fields[key].metadata:
            value = resolve_path(value, fields[key].metadata["path"])
        kwargs[key] = _convert(value, hints[key], f"{where}.{key}")
    missing = [name for name, f in fields.items() if name not in kwargs
               and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if missing:
        raise ConfigError(_at(where, f"missing setting{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"))
    try:
        return cls(**kwargs)
    except (TypeError, ValueError, ConfigError) as exc:  # the class's own checks name no file
        raise ConfigError(_at(where, str(exc))) from None


def _at(where: str, message: str) -> str:
    """``message`` prefixed with the file or setting it is about ("config" alone names nothing)."""
    return message if where == "config" else f"{where}: {message}"


def given(overrides: dict[str, Any]) -> dict[str, Any]:
    """``overrides`` without the settings no flag was given for: None values, at any depth, and the
    mappings left empty by dropping them."""
    out = {}
    for key, value in overrides.items():
        if isinstance(value, dict):
            value = given(value) or None
        if value is not None:
            out[key] = value
    return out


def load_config(cls: type[T], path: str | Path | None, overrides: dict[str, Any] | None = None) -> T:
    """Read ``path`` (if any), overlay ``overrides`` (None values, at any depth, are ignored), build
    ``cls``; then warn, one line each, about the settings the file or the overrides give that take
    no effect (see :func:`warn_shadowed`)."""
    data = read_yaml(Path(path), schema=cls) if path is not None else {}
    flags = given(overrides or {})
    config = build(cls, merge(data, flags, cls), where=str(path) if path is not None else "config")
    own = _own_keys(Path(path)) if path is not None else {}
    warn_shadowed(config, merge(own, flags), flags, str(path) if path is not None else "config")
    return config


def _own_keys(path: Path) -> dict[str, Any]:
    """The mapping ``path`` itself writes, without what it includes (already read: no errors left)."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    data.pop("include", None)
    return data


def warn_shadowed(config: Any, written: dict[str, Any], flags: dict[str, Any], where: str) -> None:
    """Log one warning per setting in ``written`` (the keys the user's own file and flags set, not
    the ones a file inherits) that ``config`` ignores: a config class says which through a
    ``shadowed(written, flags) -> list[str]`` method; nested configs are asked about their part."""
    check = getattr(config, "shadowed", None)
    if check is not None:
        for line in check(written, flags):
            log.warning("%s: %s", where, line)
    if not dataclasses.is_dataclass(config):
        return
    for field in dataclasses.fields(config):
        part = written.get(field.name)
        value = getattr(config, field.name, None)
        if isinstance(part, dict) and dataclasses.is_dataclass(value) and not isinstance(value, type):
            inner = flags.get(field.name)
            warn_shadowed(value, part, inner if isinstance(inner, dict) else {}, f"{where}: {field.name}")
