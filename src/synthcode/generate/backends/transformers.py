"""transformers backend: a local ``AutoModelForCausalLM``, for small or CPU runs (extra ``[train]``).

Chat requests go through the tokenizer's chat template when it has one (otherwise ``role: content``
lines and an ``assistant:`` cue). Generation runs on one background thread, one request at a time,
so the event loop stays free; ``seed`` seeds torch before each request, which makes an answer
reproducible for a given model, request and device::

    backend = build_backend(ModelConfig(backend="transformers", model="path/to/model",
                                        model_kwargs={"dtype": "bfloat16", "device": "cuda"}))
    completion = await backend.complete(Request(prompt="def fib(n):", n=2, max_tokens=64, seed=0))
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from synthcode.errors import ConfigError, one_line
from synthcode.generate.backends.base import Backend, Completion, ModelConfig, Request
from synthcode.registry import require

if TYPE_CHECKING:
    from synthcode.generate.cache import ResponseCache


class TransformersBackend(Backend):
    def __init__(self, config: ModelConfig, *, cache: ResponseCache | None = None) -> None:
        self.torch = require("torch", "train")
        transformers = require("transformers", "train")
        self.model = config.model
        kwargs = dict(config.model_kwargs)
        device = kwargs.pop("device", None) or ("cuda" if self.torch.cuda.is_available() else "cpu")
        try:
            self.tokenizer = transformers.AutoTokenizer.from_pretrained(config.model)
            self.lm = transformers.AutoModelForCausalLM.from_pretrained(config.model, **kwargs)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot load model {config.model!r}: {one_line(str(exc))}") from None
        if "device_map" not in kwargs:
            self.lm.to(device)
        self.lm.eval()
        self.device = self.lm.device
        self.eos_id = self.tokenizer.eos_token_id
        self.pad_id = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.eos_id
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="transformers-generate")
        self._lock = threading.Lock()

    def render(self, request: Request) -> str:
        """The prompt text the model sees."""
        if request.prompt is not None:
            return request.prompt
        messages = [{"role": role, "content": content} for role, content in request.messages or ()]
        if getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        return "".join(f"{m['role']}: {m['content']}\n" for m in messages) + "assistant:"

    async def complete(self, request: Request) -> Completion:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._generate, request)

    def _generate(self, request: Request) -> Completion:
        torch = self.torch
        inputs = self.tokenizer(self.render(request), return_tensors="pt").to(self.device)
        prompt_length = inputs["input_ids"].shape[1]
        sample = request.temperature > 0
        options: dict[str, Any] = {"max_new_tokens": request.max_tokens, "pad_token_id": self.pad_id,
                                   "do_sample": sample}
        if sample:
            options.update(temperature=request.temperature, top_p=request.top_p, top_k=0,
                           num_return_sequences=request.n)
        with self._lock, torch.inference_mode():
            if request.seed is not None:
                torch.manual_seed(request.seed)
            output = self.lm.generate(**inputs, **options)
        rows = output[:, prompt_length:].tolist()
        if not sample:  # greedy answers are all the same: compute one, repeat it
            rows = rows * request.n
        texts, reasons, generated = [], [], 0
        for row in rows:
            ended = self.eos_id is not None and self.eos_id in row
            if ended:
                row = row[:row.index(self.eos_id)]
            generated += len(row) + ended
            text = self.tokenizer.decode(row, skip_special_tokens=True)
            cut = [text.index(s) for s in request.stop if s and s in text]
            if cut:
                text, reason = text[:min(cut)], "stop"
            else:
                reason = "stop" if ended or len(row) < request.max_tokens else "length"
            texts.append(text)
            reasons.append(reason)
        return Completion(texts=texts, finish_reasons=reasons, model=self.model,
                          usage={"prompt_tokens": prompt_length, "completion_tokens": generated,
                                 "total_tokens": prompt_length + generated})

    async def aclose(self) -> None:
        self._thread.shutdown(wait=True)
