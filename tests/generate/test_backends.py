"""Model backends against real HTTP servers on loopback (tests/fakes/openai_server.py), and the
transformers backend with a tiny model and tokenizer built here (no downloads)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from fakes.client import complete
from fakes.openai_server import FakeOpenAIServer
from fakes.tiny_model import save_tiny_llama

from synthcode.config import load_config
from synthcode.errors import ConfigError
from synthcode.generate.backends import BackendError, ModelConfig, Request, build_backend


def run(coro):
    return asyncio.run(coro)


def http_config(*urls: str, **overrides) -> ModelConfig:
    settings = {"model": "fake-model", "endpoints": list(urls), "timeout": 5.0, "backoff": 0.01,
                "max_retries": 3, **overrides}
    return ModelConfig(**settings)


def test_chat_request_passes_every_parameter_and_returns_n_answers():
    with FakeOpenAIServer(lambda body: f"answer {body['_choice']} to {body['messages'][-1]['content']}") as server:
        request = Request(messages=(("system", "be brief"), ("user", "add two ints")), n=3, temperature=0.3,
                          top_p=0.9, max_tokens=100, seed=7, stop=("\n\n\n",))
        (completion,) = run(complete(http_config(server.url), request))
    assert completion.texts == [f"answer {i} to add two ints" for i in range(3)]
    assert completion.finish_reasons == ["stop"] * 3
    assert completion.model == "fake-model" and not completion.cached
    assert completion.usage["completion_tokens"] == 18  # words, as the fake counts tokens
    (body,) = server.requests
    assert body == {"model": "fake-model", "n": 3, "temperature": 0.3, "top_p": 0.9, "max_tokens": 100,
                    "seed": 7, "stop": ["\n\n\n"],
                    "messages": [{"role": "system", "content": "be brief"},
                                 {"role": "user", "content": "add two ints"}]}


def test_fake_server_speaks_the_openai_client_protocol():
    openai = pytest.importorskip("openai")
    with FakeOpenAIServer(lambda body: f"choice {body['_choice']}") as server:
        client = openai.OpenAI(base_url=server.url, api_key="EMPTY", max_retries=0)
        assert [m.id for m in client.models.list()] == ["fake-model"]
        chat = client.chat.completions.create(model="fake-model", messages=[{"role": "user", "content": "hi"}],
                                              n=2, seed=1)
        assert [c.message.content for c in chat.choices] == ["choice 0", "choice 1"]
        assert chat.choices[1].finish_reason == "stop" and chat.usage.completion_tokens == 4
        text = client.completions.create(model="fake-model", prompt="def f():", max_tokens=1)
        assert text.choices[0].text == "choice" and text.choices[0].finish_reason == "length"
        with pytest.raises(openai.NotFoundError, match="does not exist"):
            client.chat.completions.create(model="other", messages=[{"role": "user", "content": "hi"}])
        client.close()


def test_completion_endpoint_with_prompt_stop_and_length():
    with FakeOpenAIServer(lambda body: "one two three four five six") as server:
        cut, stopped = run(complete(http_config(server.url),
                                    Request(prompt="def f(x):", max_tokens=4),
                                    Request(prompt="def g(x):", stop=("four",), seed=None)))
    assert cut.texts == ["one two three four"] and cut.finish_reasons == ["length"]
    assert stopped.texts == ["one two three "] and stopped.finish_reasons == ["stop"]
    f, g = sorted(server.requests, key=lambda body: body["prompt"])
    assert f["prompt"] == "def f(x):" and g["prompt"] == "def g(x):"
    assert "messages" not in f and "seed" not in g and g["stop"] == ["four"]


def test_model_name_is_asked_from_the_server_when_not_set():
    with FakeOpenAIServer(model="served/model-7b") as server:
        config = ModelConfig(endpoints=[server.url])
        (completion,) = run(complete(config, Request(prompt="hi")))
    assert completion.model == "served/model-7b"
    assert server.requests[0]["model"] == "served/model-7b"


def test_model_name_unreachable_server_is_a_config_error():
    server = FakeOpenAIServer()
    server.stop()
    with pytest.raises(ConfigError, match="no endpoint lists its models"):
        build_backend(ModelConfig(endpoints=[server.url]))


def test_retries_429_500_reset_hang_and_garbage_then_succeeds():
    with FakeOpenAIServer(hang_seconds=10) as server:
        server.fail_next(429, 500, "reset", "hang", "garbage", 503)
        (completion,) = run(complete(http_config(server.url, max_retries=6, timeout=0.5),
                                     Request(prompt="finally")))
    assert completion.texts == ["finally"]
    assert len(server.requests) == 7


def test_retry_after_header_wins_over_backoff():
    with FakeOpenAIServer() as server:  # its 429 and 503 answers carry Retry-After: 0
        server.fail_next(429, 503)
        config = http_config(server.url, backoff=30.0)  # without the header: at least 15 s, then 30 s

        async def bounded():
            return await asyncio.wait_for(complete(config, Request(prompt="soon")), timeout=10)

        (completion,) = run(bounded())
    assert completion.texts == ["soon"] and len(server.requests) == 3


def test_gives_up_after_max_retries_with_the_last_error():
    with FakeOpenAIServer() as server:
        server.fail_next(503, 503, 503, 503)
        with pytest.raises(BackendError, match=r"after 3 attempts.*HTTP 503: injected fault 503"):
            run(complete(http_config(server.url, max_retries=2), Request(prompt="x")))
    assert len(server.requests) == 3


@pytest.mark.parametrize("model, fault, message", [
    ("fake-model", 400, "HTTP 400: injected fault 400"),
    ("no-such-model", None, "HTTP 404: The model `no-such-model` does not exist."),
])
def test_other_4xx_fail_at_once_with_the_server_message(model, fault, message):
    with FakeOpenAIServer() as server:
        if fault:
            server.fail_next(fault)
        with pytest.raises(BackendError) as info:
            run(complete(http_config(server.url, model=model), Request(prompt="x")))
    assert message in str(info.value) and "\n" not in str(info.value)
    assert len(server.requests) == 1


def test_concurrency_is_bounded():
    with FakeOpenAIServer(delay=0.2) as server:
        completions = run(complete(http_config(server.url, concurrency=3),
                                   *(Request(prompt=f"p{i}") for i in range(12))))
    assert [c.texts[0] for c in completions] == [f"p{i}" for i in range(12)]
    assert server.max_concurrent == 3


def test_load_is_spread_across_endpoints():
    with FakeOpenAIServer(delay=0.02) as a, FakeOpenAIServer(delay=0.02) as b:
        completions = run(complete(http_config(a.url, b.url, concurrency=4),
                                   *(Request(prompt=f"p{i}") for i in range(40))))
    assert [c.texts[0] for c in completions] == [f"p{i}" for i in range(40)]
    assert len(a.requests) + len(b.requests) == 40
    assert len(a.requests) >= 10 and len(b.requests) >= 10


def test_failover_when_an_endpoint_dies_mid_run():
    answered_by_a = []

    def responder(body):
        answered_by_a.append(body["prompt"])
        if len(answered_by_a) == 5:
            threading.Thread(target=a.stop).start()
        return body["prompt"]

    with FakeOpenAIServer(responder, delay=0.02) as a, FakeOpenAIServer(delay=0.02) as b:
        completions = run(complete(http_config(a.url, b.url, concurrency=4),
                                   *(Request(prompt=f"p{i}") for i in range(40))))
    assert [c.texts[0] for c in completions] == [f"p{i}" for i in range(40)]
    assert a._stopping.is_set()
    answered_by_b = {body["prompt"] for body in b.requests}
    assert len(answered_by_b) >= 40 - len(answered_by_a) > 0
    assert answered_by_b | set(answered_by_a) == {f"p{i}" for i in range(40)}


def test_a_failed_endpoint_is_skipped_for_its_cool_off_then_used_again(monkeypatch):
    from synthcode.generate.backends import openai

    class Clock:  # the backend's clock, moved past the cool-off instead of sleeping through it
        offset = 0.0

        @classmethod
        def monotonic(cls) -> float:
            return time.monotonic() + cls.offset

    monkeypatch.setattr(openai, "time", Clock)
    with FakeOpenAIServer() as a, FakeOpenAIServer() as b:
        a.fail_next(500)
        backend = build_backend(http_config(a.url, b.url))

        async def go():
            try:
                first = await backend.complete(Request(prompt="first"))  # a answers 500, b answers
                during = [await backend.complete(Request(prompt=f"during {i}")) for i in range(4)]
                Clock.offset += openai.COOLOFF + 1
                after = [await backend.complete(Request(prompt=f"after {i}")) for i in range(4)]
                return [first, *during, *after]
            finally:
                await backend.aclose()

        completions = run(go())
    assert all(c.texts == [c.texts[0]] for c in completions) and completions[0].texts == ["first"]
    assert [body["prompt"] for body in a.requests] == ["first", "after 0", "after 2"] or \
        [body["prompt"] for body in a.requests] == ["first", "after 1", "after 3"]
    assert [body["prompt"] for body in b.requests][:5] == ["first"] + [f"during {i}" for i in range(4)]


def test_all_endpoints_down_is_a_backend_error_after_retries():
    a, b = FakeOpenAIServer(), FakeOpenAIServer()
    a.stop()
    b.stop()
    with pytest.raises(BackendError, match=r"after 3 attempts.*Cannot connect to host"):
        run(complete(http_config(a.url, b.url, max_retries=2), Request(prompt="x")))


def test_backend_survives_several_event_loops():
    with FakeOpenAIServer() as server:
        backend = build_backend(http_config(server.url))
        first = asyncio.run(backend.complete(Request(prompt="one")))
        second = asyncio.run(backend.complete(Request(prompt="two")))
        asyncio.run(backend.aclose())
    assert first.texts == ["one"] and second.texts == ["two"]


def test_request_validation_and_cache_keys():
    with pytest.raises(ConfigError, match="exactly one of messages"):
        Request(prompt="x", messages=(("user", "x"),))
    with pytest.raises(ConfigError, match="exactly one of messages"):
        Request()
    with pytest.raises(ConfigError, match="top_p=1.5"):
        Request(prompt="x", top_p=1.5)
    with pytest.raises(ConfigError, match="n=0"):
        Request(prompt="x", n=0)
    listed = Request(messages=[["user", "hi"]], stop=["```"])
    assert listed == Request(messages=(("user", "hi"),), stop=("```",))
    assert listed.cache_key("m") == Request(messages=(("user", "hi"),), stop=("```",)).cache_key("m")
    assert listed.cache_key("m") != listed.cache_key("other-model")
    assert Request(prompt="x", seed=1).cache_key("m") != Request(prompt="x", seed=2).cache_key("m")
    assert Request(prompt="x").cache_key("m") != Request(messages=(("user", "x"),)).cache_key("m")
    assert Request.from_dict(listed.to_dict()) == listed


def test_model_config_from_yaml_and_bad_values(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text("backend: openai\nmodel: m\nendpoints: [http://a:8000/v1, http://b:8000/v1]\n"
                    "concurrency: 8\nmodel_kwargs: {dtype: bfloat16}\n")
    config = load_config(ModelConfig, path)
    assert config.endpoints == ["http://a:8000/v1", "http://b:8000/v1"] and config.concurrency == 8
    assert config.model_kwargs == {"dtype": "bfloat16"}
    with pytest.raises(ConfigError, match="Did you mean 'openai'"):
        ModelConfig(backend="opnai")
    with pytest.raises(ConfigError, match="concurrency must be at least 1, got 0"):
        load_config(ModelConfig, path, {"concurrency": 0})
    with pytest.raises(ConfigError, match="expected an http"):
        ModelConfig(endpoints=["localhost:8000"])
    with pytest.raises(ConfigError, match="model is required for backend 'transformers'"):
        ModelConfig(backend="transformers")


def test_missing_vllm_says_how_to_install_it():
    try:
        import vllm  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("vllm is installed")
    with pytest.raises(ConfigError) as info:
        build_backend(ModelConfig(backend="vllm", model="some/model"))
    assert str(info.value) == "vllm is not installed: pip install 'synthcode[vllm]'"


# -- transformers, with a tiny random model --

@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    corpus = ["def add(a, b):\n    return a + b\n", "user: write a function\nassistant: sure\n"] * 20
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llama"), corpus)


@pytest.mark.slow  # importing torch and transformers takes ~10 s here
def test_transformers_backend_samples_n_answers_reproducibly(tiny_model):
    backend = build_backend(ModelConfig(backend="transformers", model=tiny_model, model_kwargs={"device": "cpu"}))

    async def go():
        try:
            sampled = await backend.complete(Request(prompt="def add(a, b):", n=3, max_tokens=6, seed=11))
            again = await backend.complete(Request(prompt="def add(a, b):", n=3, max_tokens=6, seed=11))
            greedy = await backend.complete(Request(messages=(("user", "write a function"),), n=2,
                                                    temperature=0.0, max_tokens=5))
            return sampled, again, greedy
        finally:
            await backend.aclose()

    sampled, again, greedy = run(go())
    assert len(sampled.texts) == 3 and sampled.texts == again.texts
    assert all(reason in ("stop", "length") for reason in sampled.finish_reasons)
    assert 0 < sampled.usage["completion_tokens"] <= 3 * 6
    assert sampled.usage["prompt_tokens"] == len(backend.tokenizer("def add(a, b):")["input_ids"])
    assert greedy.texts[0] == greedy.texts[1] and len(greedy.texts) == 2
    assert backend.render(Request(messages=(("system", "s"), ("user", "u")))) == "<system> s\n<user> u\n<assistant>"


@pytest.mark.slow
def test_transformers_backend_bad_path_is_one_line(tmp_path):
    pytest.importorskip("transformers")
    with pytest.raises(ConfigError, match="cannot load model"):
        build_backend(ModelConfig(backend="transformers", model=str(tmp_path / "missing")))


# -- vllm in-process: vllm cannot be installed here, so a stand-in module with vLLM's offline API --

class FakeVLLM:
    """``vllm.LLM`` and ``vllm.SamplingParams`` as far as the backend uses them (vLLM >= 0.6)."""

    def __init__(self):
        self.calls = []
        fake = self

        class SamplingParams:
            def __init__(self, *, n=1, temperature=1.0, top_p=1.0, max_tokens=16, seed=None, stop=None):
                self.n, self.temperature, self.top_p = n, temperature, top_p
                self.max_tokens, self.seed, self.stop = max_tokens, seed, stop

        class LLM:
            def __init__(self, model, **kwargs):
                if model == "missing":
                    raise OSError(f"{model} is not a local folder and not a valid model identifier")
                self.model, self.kwargs = model, kwargs

            def generate(self, prompts, sampling_params=None, *, use_tqdm=True):
                fake.calls.append(("generate", list(prompts)))
                return [fake.output(p, s) for p, s in zip(prompts, sampling_params, strict=True)]

            def chat(self, messages, sampling_params=None, *, use_tqdm=True):
                fake.calls.append(("chat", [m[-1]["content"] for m in messages]))
                if any(m[-1]["content"] == "explode" for m in messages):
                    raise RuntimeError("CUDA error: out of memory")
                return [fake.output(m[-1]["content"], s) for m, s in zip(messages, sampling_params, strict=True)]

        self.LLM, self.SamplingParams = LLM, SamplingParams

    @staticmethod
    def output(prompt, params):
        from types import SimpleNamespace

        outputs = [SimpleNamespace(index=i, text=f"{prompt}#{i}:{params.seed}:{params.stop}",
                                   token_ids=[1] * (i + 1), finish_reason="length" if params.max_tokens < 5 else "stop")
                   for i in reversed(range(params.n))]
        return SimpleNamespace(prompt=prompt, prompt_token_ids=[0, 0], outputs=outputs)


def test_vllm_backend_batches_concurrent_requests(monkeypatch):
    import sys

    fake = FakeVLLM()
    monkeypatch.setitem(sys.modules, "vllm", fake)
    backend = build_backend(ModelConfig(backend="vllm", model="org/model", concurrency=3,
                                        model_kwargs={"dtype": "bfloat16"}))
    assert backend.llm.kwargs == {"dtype": "bfloat16"}
    requests = [Request(prompt="p0", n=2, seed=1), Request(messages=(("user", "c1"),), stop=("```",)),
                Request(prompt="p2", max_tokens=3), Request(messages=(("user", "c3"),)), Request(prompt="p4")]

    async def go():
        try:
            return await asyncio.gather(*(backend.complete(r) for r in requests))
        finally:
            await backend.aclose()

    p0, c1, p2, c3, p4 = run(go())
    assert p0.texts == ["p0#0:1:None", "p0#1:1:None"] and p0.usage == {
        "prompt_tokens": 2, "completion_tokens": 3, "total_tokens": 5}
    assert c1.texts == ["c1#0:None:['```']"] and p2.finish_reasons == ["length"]
    assert c3.texts == ["c3#0:None:None"] and p4.texts == ["p4#0:None:None"]
    assert fake.calls == [("generate", ["p0", "p2"]), ("chat", ["c1"]), ("generate", ["p4"]), ("chat", ["c3"])]


def test_vllm_backend_failures_are_backend_and_config_errors(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "vllm", FakeVLLM())
    with pytest.raises(ConfigError, match="cannot load model 'missing' with vllm"):
        build_backend(ModelConfig(backend="vllm", model="missing"))
    backend = build_backend(ModelConfig(backend="vllm", model="m"))

    async def go():
        try:
            return await asyncio.gather(backend.complete(Request(messages=(("user", "explode"),))),
                                        backend.complete(Request(prompt="fine")), return_exceptions=True)
        finally:
            await backend.aclose()

    exploded, fine = run(go())
    assert isinstance(exploded, BackendError) and "CUDA error: out of memory" in str(exploded)
    assert fine.texts == ["fine#0:None:None"]  # the failed batch was retried request by request
