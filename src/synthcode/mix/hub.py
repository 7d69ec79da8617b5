"""Is the Hugging Face Hub reachable? Asked once, answered in seconds, so offline commands fail fast.

Offline, ``huggingface_hub`` and ``datasets`` retry a dead connection for about a minute before
giving up. A command that needs the Hub asks :func:`hub_unreachable` first and, when it answers
with a reason, stops at once with one line that says what needed the Hub and what to use instead::

    require_hub([f"tokenizer {name!r}"], fix="use a local tokenizer.json")
    # error: cannot reach the Hugging Face Hub (HF_HUB_OFFLINE=1), needed for tokenizer '...'; use ...

The answer is "unreachable" when ``HF_HUB_OFFLINE`` is set (``1``, ``true``, ``yes`` or ``on``, as
``huggingface_hub`` reads it), or when a HEAD request to ``HF_ENDPOINT`` (default
``https://huggingface.co``; proxies from the environment apply) gets no HTTP answer within
:data:`PROBE_SECONDS`. Any HTTP status, even an error, counts as reachable. The probe runs at
most once per process.
"""

from __future__ import annotations

import functools
import os
import threading
import urllib.error
import urllib.request

from synthcode.errors import SynthcodeError

PROBE_SECONDS = 3.0
"""How long the reachability probe waits for an answer (DNS included)."""

DEFAULT_ENDPOINT = "https://huggingface.co"

_TRUE = {"1", "true", "yes", "on"}


class HubUnreachable(SynthcodeError):
    """Something needs the Hugging Face Hub and it cannot be reached (offline)."""


def hub_offline_by_setting() -> bool:
    """``HF_HUB_OFFLINE`` asks for offline mode."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in _TRUE


def hub_unreachable(timeout: float = PROBE_SECONDS) -> str | None:
    """None when the Hub answers; otherwise why not, in a few words ("HF_HUB_OFFLINE=1", "no
    answer from https://huggingface.co within 3s")."""
    if hub_offline_by_setting():
        return f"HF_HUB_OFFLINE={os.environ['HF_HUB_OFFLINE']}"
    endpoint = os.environ.get("HF_ENDPOINT", "").strip() or DEFAULT_ENDPOINT
    return _probe(endpoint.rstrip("/"), timeout)


@functools.lru_cache(maxsize=8)
def _probe(endpoint: str, timeout: float) -> str | None:
    result: list[str | None] = []

    def ask() -> None:
        try:
            with urllib.request.urlopen(urllib.request.Request(endpoint, method="HEAD"), timeout=timeout):
                result.append(None)
        except urllib.error.HTTPError:  # it answered, with an error status: reachable
            result.append(None)
        except (OSError, ValueError) as exc:  # URLError, timeouts, refused connections, a malformed URL
            reason = getattr(exc, "reason", exc)
            result.append(f"no answer from {endpoint}: {reason}")

    # A thread bounds the wait: name resolution in urlopen has no timeout of its own.
    thread = threading.Thread(target=ask, name="hub-probe", daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    if not result:
        return f"no answer from {endpoint} within {timeout:g}s"
    return result[0]


def require_hub(needs: list[str], fix: str) -> None:
    """Raise :class:`HubUnreachable` (one line: the reason, ``needs``, ``fix``) when anything in
    ``needs`` (e.g. ``"tokenizer 'owner/name'"``) and the Hub cannot be reached; nothing is probed
    when ``needs`` is empty."""
    if not needs:
        return
    reason = hub_unreachable()
    if reason is not None:
        raise HubUnreachable(f"cannot reach the Hugging Face Hub (offline: {reason}), needed for "
                             f"{_join(needs)}; {fix}")


def cached_on_hub(repo_id: str, filename: str) -> bool:
    """``filename`` of the Hub repository ``repo_id`` is in the local Hugging Face cache."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return False
    try:
        return isinstance(try_to_load_from_cache(repo_id, filename), str)
    except Exception:  # a malformed id or an unreadable cache: not cached, as far as we can tell
        return False


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
