"""The ``call`` harness: call one function of the file on a list of inputs, one result per call.

Request fields: ``entry_point``; ``inputs``, each the ``repr`` of an argument tuple (rebuilt with
:func:`literals.parse_repr`, afresh for every call, so a call that mutates its arguments cannot
affect the next); ``call_timeout`` seconds per call, or ``timeouts``, one per input; with
``stop_on_timeout``, no call is made after the first one that timed out. ``pre``, a list of
precondition expressions over the parameters (the task's ``pre:`` lines), evaluated before each
call in the module's globals: the first one that is false (or raises, or takes the call's limit)
is reported as ``outside`` with the call's result (the call is made all the same); one that names
something the module lacks (``NameError``) is not judged.

Events, in order: ``import`` (and ``import-error`` if loading fails, then nothing else), then
``no-entry`` with a message if ``entry_point`` is not a callable of the loaded module, or one
``result`` per input, in order, as each call ends::

    {"event": "result", "index": i, "ok": repr(result), "seconds": s}
    {"event": "result", "index": i, "ok_sha256": ..., "ok_length": n, "seconds": s}   # a long repr
    {"event": "result", "index": i, "raised": "ValueError", "seconds": s}
    {"event": "result", "index": i, "timeout": true, "seconds": s}
    {"event": "result", "index": i, "bad_input": "..."}                               # not a literal

plus ``after``, the arguments' ``repr`` after the call, when the call changed them. A generator or
other iterator result is drained (up to 10,000 items) into a list and marked ``"iterator": true``.
Results are written as calls end, so when the process dies mid-way the host still knows which
calls completed: the first index without a result is the one that killed it.

The per-call limit is CPU time, ``setitimer(ITIMER_PROF)``, with a handler that raises a private
``BaseException``, and ``seconds`` are CPU seconds; a sample that swallows it or blocks signals
runs on until the request's CPU limit (SIGXCPU) stops the process, and one that sleeps until
the request's wall-clock safety net does. If the sample imported ``random``, it is reseeded from the input's text
before each call, so that two runs of the same code agree.
"""

import hashlib
import inspect
import itertools
import json
import signal
import sys
import time

import synthcode_runner
from harnesses.literals import parse_repr

FIELD_MAX = 3000  # JSON-encoded repr length sent inline; the runner's event limit is 3500 bytes
ITEMS_MAX = 10000


class _CallTimeout(BaseException):
    """Raised by SIGPROF inside a call that ran past its limit (not an Exception: fewer samples
    catch it by accident)."""


def _alarm(signum, frame):
    raise _CallTimeout()


def run(request, report, workdir, problems):
    # CPU time (user and system) of this process: a call's limit and its measured seconds count
    # work, so a busy machine times out no more calls than an idle one.
    clock, dumps, setitimer, real = time.process_time, json.dumps, signal.setitimer, signal.ITIMER_PROF
    handle, alarm = signal.signal, signal.SIGPROF
    parse, sha256, islice, modules = parse_repr, hashlib.sha256, itertools.islice, sys.modules
    signature_of = inspect.signature
    module, _ = synthcode_runner.load_sample(request, report, workdir)
    if module is None:
        return
    name = request["entry_point"]
    fn = vars(module).get(name)
    if not callable(fn) or isinstance(fn, type):
        report("no-entry", message=f"{name} is not a function of the module ({type(fn).__name__})")
        return
    inputs = request["inputs"]
    timeouts = request.get("timeouts") or [float(request.get("call_timeout", 1.0))] * len(inputs)
    stop = bool(request.get("stop_on_timeout"))
    pre = [(text, compile(text, "<pre>", "eval")) for text in request.get("pre") or []]
    try:
        signature = signature_of(fn) if pre else None
    except (TypeError, ValueError):
        signature, pre = None, []

    def violated(args, limit):
        """The first precondition ``args`` break, or None."""
        try:
            names = dict(signature.bind(*args).arguments)
        except TypeError:
            return "arguments do not match the signature"
        setitimer(real, limit)
        try:
            for text, code in pre:
                try:
                    if not eval(code, vars(module), dict(names)):
                        return text
                except NameError:  # a helper this module lacks: the condition cannot be judged here
                    continue
                except Exception:
                    return text
        except _CallTimeout:
            return "preconditions timed out"
        finally:
            setitimer(real, 0)
        return None

    def encode(text, key, room):
        """``{key: text}`` when it fits in ``room`` JSON-encoded characters, else its digest."""
        if len(text) <= room and len(dumps(text)) <= room:
            return {key: text}, room - len(dumps(text))
        return {key + "_sha256": sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                key + "_length": len(text)}, room

    for index, (text, limit) in enumerate(zip(inputs, timeouts)):
        try:
            args = parse(text)
            if type(args) is not tuple:
                raise ValueError("not an argument tuple")
        except Exception as exc:  # ValueError, or TypeError for an unhashable set element
            report("result", index=index, bad_input=str(exc)[:200])
            continue
        if "random" in modules:
            try:
                modules["random"].seed(text)
            except Exception:
                pass
        fields = {}
        try:
            before = repr(args)
        except Exception:
            before = None
        handle(alarm, _alarm)
        outside = None
        if pre:
            outside = violated(args, limit)
            args = parse(text)  # as given, whatever the preconditions did to them
        started = clock()
        try:
            try:
                setitimer(real, limit)
                result = fn(*args)
                if hasattr(type(result), "__next__") and not isinstance(result, (str, bytes)):
                    result = list(islice(result, ITEMS_MAX))
                    fields["iterator"] = True
                shown = repr(result)
                after = repr(args)
            finally:
                setitimer(real, 0)
        except _CallTimeout:
            fields = {"timeout": True}
        except BaseException as exc:  # SystemExit and KeyboardInterrupt from a call are its outcome
            fields = {"raised": type(exc).__name__}
        else:
            encoded, room = encode(shown, "ok", FIELD_MAX)
            fields.update(encoded)
            if after != before:
                fields.update(encode(after, "after", room)[0])
        if outside is not None:
            fields["outside"] = outside[:200]
        report("result", index=index, seconds=clock() - started, **fields)
        if stop and "timeout" in fields:
            return
