"""vLLM in-process backend (``vllm.LLM``, extra ``[vllm]``): a single-node job without a server.

vLLM batches only the prompts it is given in one call, so concurrent ``complete`` calls are
gathered into batches of up to ``concurrency`` requests and each batch goes to ``LLM.generate``
(prompts) and ``LLM.chat`` (messages, with the model's chat template) on one background thread,
while the event loop keeps queueing the next batch::

    backend = build_backend(ModelConfig(backend="vllm", model="Qwen/Qwen2.5-Coder-7B-Instruct",
                                        model_kwargs={"dtype": "bfloat16", "max_model_len": 8192}))
    completions = await asyncio.gather(*(backend.complete(r) for r in requests))
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from synthcode.errors import ConfigError, one_line
from synthcode.generate.backends.base import Backend, BackendError, Completion, ModelConfig, Request
from synthcode.registry import require

if TYPE_CHECKING:
    from synthcode.generate.cache import ResponseCache


class VLLMBackend(Backend):
    def __init__(self, config: ModelConfig, *, cache: ResponseCache | None = None) -> None:
        self.vllm = require("vllm", "vllm")
        self.config = config
        self.model = config.model
        try:
            self.llm = self.vllm.LLM(model=config.model, **config.model_kwargs)
        except (OSError, ValueError, TypeError) as exc:
            raise ConfigError(f"cannot load model {config.model!r} with vllm: "
                              f"{one_line(str(exc))}") from None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vllm-generate")
        self._queue: list[tuple[Request, asyncio.Future[Completion]]] = []
        self._runner: asyncio.Task | None = None

    def sampling_params(self, request: Request) -> Any:
        return self.vllm.SamplingParams(n=request.n, temperature=request.temperature, top_p=request.top_p,
                                        max_tokens=request.max_tokens, seed=request.seed,
                                        stop=list(request.stop) or None)

    async def complete(self, request: Request) -> Completion:
        future: asyncio.Future[Completion] = asyncio.get_running_loop().create_future()
        self._queue.append((request, future))
        if self._runner is None or self._runner.done():
            self._runner = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        solo: list[tuple[Request, asyncio.Future[Completion]]] = []
        while self._queue or solo:
            if solo:
                batch = [solo.pop(0)]
            else:
                batch = self._queue[:self.config.concurrency]
                del self._queue[:self.config.concurrency]
            batch = [(r, f) for r, f in batch if not f.done()]
            if not batch:
                continue
            try:
                completions = await loop.run_in_executor(self._thread, self._generate, [r for r, _ in batch])
            except Exception as exc:
                if len(batch) > 1:  # one bad request must not fail the others: retry each alone
                    solo.extend(batch)
                    continue
                batch[0][1].set_exception(BackendError(
                    f"vllm generation failed: {type(exc).__name__}: {one_line(str(exc))}"))
                continue
            for (_, future), completion in zip(batch, completions, strict=True):
                if not future.done():
                    future.set_result(completion)

    def _generate(self, requests: list[Request]) -> list[Completion]:
        chats = [i for i, r in enumerate(requests) if r.messages is not None]
        prompts = [i for i, r in enumerate(requests) if r.messages is None]
        outputs: dict[int, Any] = {}
        if prompts:
            results = self.llm.generate([requests[i].prompt for i in prompts],
                                        sampling_params=[self.sampling_params(requests[i]) for i in prompts],
                                        use_tqdm=False)
            outputs.update(zip(prompts, results, strict=True))
        if chats:
            conversations = [[{"role": role, "content": content} for role, content in requests[i].messages]
                             for i in chats]
            results = self.llm.chat(conversations,
                                    sampling_params=[self.sampling_params(requests[i]) for i in chats],
                                    use_tqdm=False)
            outputs.update(zip(chats, results, strict=True))
        return [self._completion(outputs[i]) for i in range(len(requests))]

    def _completion(self, output: Any) -> Completion:
        choices = sorted(output.outputs, key=lambda o: o.index)
        prompt_tokens = len(output.prompt_token_ids or ())
        completion_tokens = sum(len(o.token_ids) for o in choices)
        return Completion(texts=[o.text for o in choices],
                          finish_reasons=[o.finish_reason or "unknown" for o in choices],
                          model=self.model,
                          usage={"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                                 "total_tokens": prompt_tokens + completion_tokens})

    async def aclose(self) -> None:
        if self._runner is not None and not self._runner.done():
            await self._runner
        self._thread.shutdown(wait=True)
