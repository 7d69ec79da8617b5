"""The response cache: hits instead of requests, concurrency, other processes, kill -9, replay."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fakes.client import complete
from fakes.openai_server import FakeOpenAIServer

from synthcode.errors import ConfigError
from synthcode.generate.backends import BackendError, Completion, ModelConfig, Request, build_backend
from synthcode.generate.cache import ResponseCache

SRC = str(Path(__file__).resolve().parents[2] / "src")


def http_config(url: str) -> ModelConfig:
    return ModelConfig(model="fake-model", endpoints=[url], timeout=5.0, backoff=0.01)


def test_second_identical_request_is_answered_by_the_cache(tmp_path):
    request = Request(messages=(("user", "write fizzbuzz"),), n=2, seed=3)
    with FakeOpenAIServer(lambda body: f"take {body['_choice']}") as server, ResponseCache(tmp_path) as cache:
        (first,) = asyncio.run(complete(http_config(server.url), request, cache=cache))
        (second,) = asyncio.run(complete(http_config(server.url), request, cache=cache))
        (other_seed,) = asyncio.run(complete(http_config(server.url), Request(messages=request.messages, n=2, seed=4),
                                                   cache=cache))
        assert len(cache) == 2 and cache.request(request.cache_key("fake-model")) == request
    assert len(server.requests) == 2  # the first request and the one with another seed
    assert not first.cached and second.cached and not other_seed.cached
    assert second.texts == first.texts == ["take 0", "take 1"]
    assert second.finish_reasons == first.finish_reasons and second.usage == first.usage


def test_identical_requests_in_flight_together_ask_once(tmp_path):
    with FakeOpenAIServer(delay=0.2) as server, ResponseCache(tmp_path) as cache:
        completions = asyncio.run(complete(http_config(server.url), *[Request(prompt="same")] * 5,
                                           Request(prompt="different"), cache=cache))
    assert [c.texts for c in completions] == [["same"]] * 5 + [["different"]]
    assert sorted(c.cached for c in completions) == [False, False, True, True, True, True]
    assert len(server.requests) == 2


def test_a_failed_request_is_not_cached(tmp_path):
    with FakeOpenAIServer() as server, ResponseCache(tmp_path) as cache:
        server.fail_next(400)
        config = http_config(server.url)
        with pytest.raises(BackendError):
            asyncio.run(complete(config, Request(prompt="x"), cache=cache))
        assert len(cache) == 0
        (completion,) = asyncio.run(complete(config, Request(prompt="x"), cache=cache))
    assert completion.texts == ["x"] and not completion.cached and len(server.requests) == 2


def test_cache_written_by_another_process_answers_here(tmp_path):
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.path[:0] = [{SRC!r}]
        from synthcode.generate.backends import ModelConfig, Request, build_backend
        from synthcode.generate.cache import ResponseCache

        async def main():
            backend = build_backend(ModelConfig(model="fake-model", endpoints=[sys.argv[1]]),
                                    ResponseCache(sys.argv[2]))
            for i in range(3):
                await backend.complete(Request(prompt=f"prompt {{i}}", seed=i))
            await backend.aclose()

        asyncio.run(main())
    """)
    with FakeOpenAIServer() as server:
        subprocess.run([sys.executable, "-c", script, server.url, str(tmp_path)], check=True, timeout=60)
        assert len(server.requests) == 3
        with ResponseCache(tmp_path) as cache:
            completions = asyncio.run(complete(http_config(server.url),
                                               *(Request(prompt=f"prompt {i}", seed=i) for i in range(3)),
                                               cache=cache))
    assert len(server.requests) == 3
    assert [c.texts for c in completions] == [[f"prompt {i}"] for i in range(3)]
    assert all(c.cached for c in completions)


def test_cache_survives_kill_9_with_every_acknowledged_answer(tmp_path):
    writer = textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{SRC!r}]
        from synthcode.generate.backends import Completion, Request
        from synthcode.generate.cache import ResponseCache

        cache = ResponseCache(sys.argv[1])
        i = 0
        while True:
            request = Request(prompt=f"p{{i}}")
            cache.put(request.cache_key("m"), request,
                      Completion(texts=[f"answer {{i}}" * 50], finish_reasons=["stop"], model="m"))
            print(i, flush=True)
            i += 1
    """)
    process = subprocess.Popen([sys.executable, "-c", writer, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    acknowledged = -1
    for line in process.stdout:
        acknowledged = int(line)
        if acknowledged >= 300:
            break
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()
    with ResponseCache(tmp_path) as cache:
        assert len(cache) > acknowledged
        for i in range(acknowledged + 1):
            hit = cache.get(Request(prompt=f"p{i}").cache_key("m"))
            assert hit is not None and hit.texts == [f"answer {i}" * 50] and hit.cached
    with sqlite3.connect(tmp_path / ResponseCache.FILENAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_replay_answers_from_the_cache_and_names_the_key_it_lacks(tmp_path):
    request = Request(prompt="def f():", n=2, seed=5)
    with FakeOpenAIServer(lambda body: f"v{body['_choice']}") as server, ResponseCache(tmp_path) as cache:
        (original,) = asyncio.run(complete(http_config(server.url), request, cache=cache))
        server.stop()
        replay = ModelConfig(backend="replay", model="fake-model")
        (replayed,) = asyncio.run(complete(replay, request, cache=cache))
        missing = Request(prompt="def f():", n=2, seed=6)
        with pytest.raises(BackendError, match=missing.cache_key("fake-model")):
            asyncio.run(complete(replay, missing, cache=cache))
    assert replayed.texts == original.texts == ["v0", "v1"] and replayed.cached


def test_a_pickled_cache_opens_the_same_directory(tmp_path):
    import pickle

    request = Request(prompt="x")
    with ResponseCache(tmp_path) as cache:
        cache.put(request.cache_key("m"), request, Completion(texts=["y"], finish_reasons=["stop"], model="m"))
        with pickle.loads(pickle.dumps(cache)) as copy:
            assert copy.get(request.cache_key("m")).texts == ["y"]


def test_merge_adds_the_answers_another_cache_has(tmp_path):
    first, second = Request(prompt="a"), Request(prompt="b")
    with ResponseCache(tmp_path / "seed") as seed, ResponseCache(tmp_path / "run") as run:
        seed.put(first.cache_key("m"), first, Completion(texts=["from seed"], finish_reasons=["stop"], model="m"))
        seed.put(second.cache_key("m"), second, Completion(texts=["seed b"], finish_reasons=["stop"], model="m"))
        run.put(second.cache_key("m"), second, Completion(texts=["run b"], finish_reasons=["stop"], model="m"))
        assert run.merge(tmp_path / "seed") == 1
        assert run.get(first.cache_key("m")).texts == ["from seed"]
        assert run.get(second.cache_key("m")).texts == ["run b"]  # an answer already there wins
        assert run.merge(tmp_path / "seed") == 0
        with pytest.raises(ConfigError, match="not a response cache"):
            run.merge(tmp_path / "nowhere")


def test_replay_needs_a_cache_and_a_bad_cache_directory_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match="replay backend answers only from a response cache"):
        build_backend(ModelConfig(backend="replay", model="m"))
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ConfigError, match="cannot open response cache"):
        ResponseCache(blocker / "cache")


def test_a_lone_surrogate_in_an_answer_is_stored_and_comes_back(tmp_path):
    """Servers can send "\\ud800" escapes; the cache must keep the text exactly, not stop the job."""
    cache = ResponseCache(tmp_path)
    request = Request(prompt="p\ud83d")
    completion = Completion(texts=["a\ud800b"], finish_reasons=["stop"], model="m")
    key = request.cache_key("m")
    cache.put(key, request, completion)
    again = ResponseCache(tmp_path).get(key)
    assert again is not None and again.texts == ["a\ud800b"] and again.cached
