"""Generative quality: pairwise win-rates against a baseline model's answers, judged by an LLM.

Every prompt is judged twice, with the evaluated answer first (A) and then second (B), so a judge
that prefers a position cancels out: an always-"A" judge gives exactly 0.5. A judgement is a win
(1), a tie (0.5) or a loss (0); an answer the judge gives that names neither is counted as a tie
and reported under ``unparsed``. The win-rate is the mean over all 2·n judgements.

::

    verdicts = await judge_pairs(backend, prompts, answers, baseline_answers)
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthcode.errors import InputError
from synthcode.files import json_rows
from synthcode.evaluation.config import JudgeConfig

TEMPLATE = """You are judging two responses to the same instruction. Pick the response that is more \
helpful, correct and clear. Answer with exactly one word: A, B, or tie.

[Instruction]
{prompt}

[Response A]
{a}

[Response B]
{b}

Which response is better? Answer A, B, or tie."""

_VERDICT = re.compile(r"\b(A|B|tie)\b", re.IGNORECASE)


def parse_verdict(text: str) -> str | None:
    match = _VERDICT.search(text)
    if not match:
        return None
    word = match.group(1)
    return "tie" if word.lower() == "tie" else word.upper()


def read_jsonl(path: str, fields: tuple[str, ...], what: str) -> list[dict[str, Any]]:
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            for place, row in json_rows(f, f"{what} {path}"):
                missing = [name for name in fields if name not in row] if isinstance(row, dict) else list(fields)
                if missing:
                    raise InputError(f"{what} {path} {place}: missing {', '.join(missing)}")
                rows.append(row)
    except OSError as exc:
        raise InputError(f"{what} {path}: cannot read it ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{what} {path}: not UTF-8 text") from None
    return rows


async def judge_pairs(backend: Any, prompts: list[str], answers: list[str], baseline: list[str]) -> dict[str, Any]:
    from synthcode.generate.backends import Request

    async def one(prompt: str, a: str, b: str) -> str | None:
        request = Request(messages=(("user", TEMPLATE.format(prompt=prompt, a=a, b=b)),), n=1,
                          temperature=0.0, max_tokens=8)
        completion = await backend.complete(request)
        return parse_verdict(completion.texts[0])

    jobs = []
    for prompt, mine, theirs in zip(prompts, answers, baseline, strict=True):
        jobs.append(one(prompt, mine, theirs))   # evaluated model is A
        jobs.append(one(prompt, theirs, mine))   # evaluated model is B
    verdicts = await asyncio.gather(*jobs)
    wins = losses = ties = unparsed = inconsistent = 0
    per_prompt = []
    for i, prompt in enumerate(prompts):
        first, second = verdicts[2 * i], verdicts[2 * i + 1]
        scores = []
        for verdict, mine in ((first, "A"), (second, "B")):
            if verdict is None:
                unparsed += 1
            if verdict in (None, "tie"):
                ties += 1
                scores.append(0.5)
            elif verdict == mine:
                wins += 1
                scores.append(1.0)
            else:
                losses += 1
                scores.append(0.0)
        inconsistent += scores[0] != scores[1]
        per_prompt.append({"prompt": prompt, "verdicts": [first, second], "score": sum(scores) / 2})
    total = 2 * len(prompts)
    return {"win_rate": (wins + 0.5 * ties) / total if total else 0.0, "wins": wins, "losses": losses,
            "ties": ties, "unparsed": unparsed, "inconsistent_pairs": inconsistent, "n": len(prompts),
            "per_prompt": per_prompt}


@dataclass(slots=True)
class JudgeInputs:
    prompts: list[str]
    baseline: list[str]
    """The baseline's answer to each prompt."""


def prepare_judge(config: JudgeConfig) -> JudgeInputs:
    """The prompts and the baseline's answers, read and matched before any model runs."""
    prompts = [r["prompt"] for r in read_jsonl(config.prompts, ("prompt",), "judge.prompts")]
    baseline = {r["prompt"]: r["answer"] for r in read_jsonl(config.baseline, ("prompt", "answer"), "judge.baseline")}
    if config.limit:
        prompts = prompts[:config.limit]
    missing = [p for p in prompts if p not in baseline]
    if missing:
        raise InputError(f"judge.baseline {config.baseline}: no answer for {len(missing)} prompt(s), "
                         f"e.g. {missing[0][:60]!r}")
    return JudgeInputs(prompts, [baseline[p] for p in prompts])


def evaluate_judge(model: Any, tokenizer: Any, config: JudgeConfig,
                   inputs: JudgeInputs | None = None) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """(judge result, the evaluated model's answers as prompt/answer rows)."""
    from synthcode.evaluation.generation import complete
    from synthcode.generate.backends import ModelConfig, build_backend

    inputs = inputs or prepare_judge(config)
    prompts = inputs.prompts
    answers = [a.strip() for a in complete(model, tokenizer, prompts, config.max_new_tokens, (), batch_size=config.batch_size)]

    async def go() -> dict[str, Any]:
        backend = build_backend(ModelConfig(backend="openai", model=config.model, endpoints=[config.endpoint]))
        try:
            return await judge_pairs(backend, prompts, answers, inputs.baseline)
        finally:
            await backend.aclose()

    result = asyncio.run(go())
    result.update(judge_model=config.model, baseline=config.baseline)
    return result, [{"prompt": p, "answer": a} for p, a in zip(prompts, answers)]
