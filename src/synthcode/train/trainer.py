"""The training loop of one stage: pretrain, continue or cooldown, on one process or many.

::

    config = load_config(TrainConfig, "configs/train/pretrain.yaml", {"mix": "out/mix-code", "out": "runs/a"})
    summary = train(config)        # {"steps": ..., "loss": ..., "checkpoint": ...}

One process trains the plain model. Under ``torchrun``/``accelerate launch`` (``WORLD_SIZE`` > 1)
every decoder block and then the whole model are wrapped with FSDP2 (``fully_shard``): parameters,
gradients and AdamW state are sharded across processes; the code path is otherwise the same, on
NCCL (GPUs) or gloo (CPU, which is how the tests run it).

The loss of an optimizer step is the mean over every predicted token of the global batch: each
micro-batch backpropagates its summed loss divided by the global target count (times the process
count, since FSDP averages gradients over processes), so the step is the same whatever the split
into processes and micro-batches.

SIGTERM and SIGINT end the stage after the current step with a checkpoint (all ranks agree on the
step; :mod:`~synthcode.train.preempt`), and a rerun resumes from the latest checkpoint.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from synthcode.errors import ConfigError
from synthcode.train import checkpoint
from synthcode.train.config import TrainConfig
from synthcode.train.data import IGNORE, PackedMix
from synthcode.train.model import ModelShape, build_model, load_tokenizer
from synthcode.train.preempt import Preemption, signal_name
from synthcode.train.schedule import Schedule

log = logging.getLogger(__name__)

PEAK_TFLOPS = {"H100": 989.0, "H200": 989.0, "A100": 312.0}
"""Dense bf16 peak per device, by a substring of ``torch.cuda.get_device_name()``."""


class Dist:
    """Rank, world size and the collectives the loop needs (no-ops on one process)."""

    def __init__(self) -> None:
        import torch.distributed as dist

        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.dist = dist

    def start(self, device: Any) -> None:
        """Join the process group: NCCL for CUDA devices, gloo otherwise (CPU runs, tests)."""
        if self.world > 1 and not self.dist.is_initialized():
            self.dist.init_process_group("nccl" if device.type == "cuda" else "gloo")

    def sum(self, value: Any) -> Any:
        if self.world > 1:
            self.dist.all_reduce(value)
        return value

    def barrier(self) -> None:
        if self.world > 1:
            self.dist.barrier()

    def close(self) -> None:
        if self.world > 1 and self.dist.is_initialized():
            self.dist.destroy_process_group()


def _device(config: TrainConfig, dist: Dist) -> Any:
    import torch

    if config.device:
        return torch.device(config.device)
    if torch.cuda.is_available():
        torch.cuda.set_device(dist.local_rank)
        return torch.device("cuda", dist.local_rank)
    return torch.device("cpu")


def _peak_flops(config: TrainConfig, device: Any) -> float | None:
    import torch

    if config.peak_tflops is not None:
        return config.peak_tflops * 1e12
    if device.type == "cuda":
        name = torch.cuda.get_device_name(device)
        for key, tflops in PEAK_TFLOPS.items():
            if key in name:
                return tflops * 1e12
    return None


def _rng_state() -> dict[str, Any]:
    import numpy as np
    import torch

    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    import numpy as np
    import torch

    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


class Metrics:
    """metrics.jsonl (rank 0), TensorBoard when installed, a progress bar on a terminal."""

    def __init__(self, run: Path, resume_step: int, total: int, enabled: bool) -> None:
        self.enabled = enabled
        self.path = run / "metrics.jsonl"
        self.writer = self.bar = self.task = None
        if not enabled:
            return
        if self.path.exists():  # drop lines past the checkpoint we resume from: no step twice
            kept = [line for line in self.path.read_text(encoding="utf-8").splitlines()
                    if line.strip() and json.loads(line)["step"] <= resume_step]
            self.path.write_text("".join(line + "\n" for line in kept), encoding="utf-8")
        self.file = self.path.open("a", encoding="utf-8")
        try:
            from torch.utils.tensorboard import SummaryWriter

            self.writer = SummaryWriter(str(run / "tensorboard"), purge_step=resume_step + 1)
        except ImportError:
            log.debug("tensorboard is not installed; metrics go to %s only", self.path)
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("[bold]train"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[info]}"), TimeRemainingColumn())
            self.bar.start()
            self.task = self.bar.add_task("train", total=total, completed=resume_step, info="")

    def log(self, record: dict[str, Any]) -> None:
        if not self.enabled:
            return
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()
        if self.writer is not None:
            for key in ("loss", "lr", "tokens_per_s", "mfu", "grad_norm"):
                if record.get(key) is not None:
                    self.writer.add_scalar(f"train/{key}", record[key], record["step"])
        if self.bar is not None:
            mfu = f" mfu {record['mfu']:.1%}" if record.get("mfu") is not None else ""
            self.bar.update(self.task, completed=record["step"],
                            info=f"loss {record['loss']:.4f} lr {record['lr']:.2e} "
                                 f"{record['tokens_per_s']:,.0f} tok/s{mfu}")

    def close(self) -> None:
        if not self.enabled:
            return
        self.file.close()
        if self.writer is not None:
            self.writer.close()
        if self.bar is not None:
            self.bar.stop()


def lineage(init_meta: dict[str, Any] | None, meta: dict[str, Any]) -> list[dict[str, Any]]:
    """The stages behind a checkpoint, first to last: each stage's mix, the preset it was built
    from, and the stage. The first stage's mix is the checkpoint's *arm* (a cooldown on a shared
    cooldown mix still belongs to the arm it started from), which is how eval and report file it."""
    def step(m: dict[str, Any]) -> dict[str, Any]:
        return {"mix": m["mix"], "mix_preset": m.get("mix_preset"), "stage": m["stage"]}

    before = [] if init_meta is None else init_meta.get("lineage") or [step(init_meta)]
    return [*before, step(meta)]


def _shape_from(config: TrainConfig, init_meta: dict[str, Any] | None) -> ModelShape:
    from synthcode.config import build, load_config

    if init_meta is not None:
        return build(ModelShape, init_meta["shape"], where=f"{config.init_from}/meta.json shape")
    return load_config(ModelShape, config.model)


def warmup_for(warmup_steps: int, steps: int) -> int:
    """The warm-up a stage of ``steps`` steps gets: ``warmup_steps``, or, when that does not fit
    (a short smoke run of a preset), half the stage rounded down, so the cosine still ends at ``min_lr``."""
    return warmup_steps if warmup_steps < steps else (steps - 1) // 2


def _schedule(config: TrainConfig, steps: int, init_meta: dict[str, Any] | None, warn: bool = True) -> Schedule:
    if config.stage == "cooldown":
        start = init_meta.get("lr") if init_meta else None
        if start is None:
            raise ConfigError(f"init_from {config.init_from}: its meta.json records no learning rate to cool down from")
        return Schedule(kind="linear", peak=float(start), floor=config.final_lr, total=steps)
    warmup = warmup_for(config.warmup_steps, steps)
    if warmup != config.warmup_steps and warn:
        log.warning("warmup_steps=%d does not fit the stage's %d steps; warming up for %d instead "
                    "(set warmup_steps below %d, or raise --tokens, to choose)",
                    config.warmup_steps, steps, warmup, steps)
    return Schedule(kind="cosine", peak=config.lr, floor=config.min_lr, warmup=warmup, total=steps)


def _optimizer(model: Any, config: TrainConfig, device: Any) -> Any:
    import torch

    decay = [p for p in model.parameters() if p.ndim >= 2]
    rest = [p for p in model.parameters() if p.ndim < 2]
    fused = config.fused_adamw if config.fused_adamw is not None else device.type == "cuda"
    if fused and device.type != "cuda":
        log.warning("fused_adamw needs CUDA; using the foreach implementation on %s", device.type)
        fused = False
    betas = tuple(config.betas or (0.9, 0.95))
    return torch.optim.AdamW(
        [{"params": decay, "weight_decay": config.weight_decay}, {"params": rest, "weight_decay": 0.0}],
        lr=config.lr, betas=betas, eps=config.eps, fused=fused or None, foreach=None if fused else True)


def _state_options(dist: Dist) -> Any:
    from torch.distributed.checkpoint.state_dict import StateDictOptions

    return StateDictOptions(full_state_dict=True, cpu_offload=dist.world > 1)


def _check_resumable(run: Path, meta: dict[str, Any], stage: str, world_rows: int, seq_len: int) -> None:
    """A resumed run must read the mix as the checkpointed one did (same stage, rows and length per step)."""
    recorded = (meta["stage"], meta.get("global_batch_rows"), meta["seq_len"])
    if recorded != (stage, world_rows, seq_len):
        raise ConfigError(
            f"{run} holds a checkpoint of stage {recorded[0]} with {recorded[1]} rows of {recorded[2]} "
            f"tokens per step; this run asks for stage {stage} with {world_rows} rows of "
            f"{seq_len} (micro_batch x grad_accum x processes). Resume with the same settings "
            f"or use another --out")


def _model(shape: ModelShape, vocab_size: int, config: TrainConfig, device: Any, dist: Dist,
           weights_from: Path | None) -> Any:
    """The model on ``device``: built, given the weights of a checkpoint when there is one, sharded
    with FSDP across processes."""
    import torch

    model = build_model(shape, vocab_size=vocab_size, attention=config.attention)
    if weights_from is not None:
        missing = model.load_state_dict(checkpoint.load_weights(weights_from), strict=False)
        if missing.missing_keys or missing.unexpected_keys:
            raise ConfigError(f"{weights_from}: weights do not fit shape {shape.name} "
                              f"(missing {missing.missing_keys[:3]}, unexpected {missing.unexpected_keys[:3]})")
    model.to(device)
    if config.activation_checkpointing:
        model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    if dist.world > 1:
        from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard

        # bf16: all-gather bf16 copies of the fp32 shards (half the traffic), reduce gradients in fp32
        policy = (MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32)
                  if config.precision == "bf16" else MixedPrecisionPolicy())
        for block in model.model.layers:
            fully_shard(block, mp_policy=policy)
        fully_shard(model, mp_policy=policy)
    return model


def train(config: TrainConfig, say: Callable[[str], Any] | None = None) -> dict[str, Any]:
    """Run (or resume) the stage; returns a summary. Rank 0 writes checkpoints and metrics.

    SIGTERM or SIGINT ends the stage after the current optimizer step, with a checkpoint
    (:mod:`~synthcode.train.preempt`); the summary's ``stopped_by`` then names the signal.
    ``say`` gets the lines a person watching wants (``resuming RUN from step N (T tokens)``), on
    rank 0 only; by default they are logged at INFO.
    """
    import numpy as np
    import torch
    import torch.nn.functional as F
    from torch.distributed.checkpoint.state_dict import (
        get_model_state_dict, get_optimizer_state_dict, set_optimizer_state_dict)

    dist = Dist()
    metrics: Metrics | None = None
    preempt = Preemption().__enter__()  # first thing: a signal during start-up also waits for a step
    try:
        run = Path(config.out)
        resume = checkpoint.latest(run)
        init = Path(config.init_from) if config.init_from else None
        init_meta = checkpoint.read_meta(init) if init is not None else None
        resume_meta = checkpoint.read_meta(resume) if resume is not None else None

        mix = PackedMix(config.mix, seed=config.seed)
        tokenizer = load_tokenizer(mix.tokenizer, mix.eos_token, copies=[p for p in (resume, init) if p is not None])
        shape = _shape_from(config, resume_meta or init_meta)
        world_rows = config.micro_batch * config.grad_accum * dist.world
        step_tokens = world_rows * mix.seq_len
        steps = math.ceil(config.tokens / step_tokens)
        if mix.seq_len > shape.max_position_embeddings:
            raise ConfigError(f"mix seq_len {mix.seq_len} exceeds the model's max_position_embeddings "
                              f"{shape.max_position_embeddings}")
        if resume_meta is not None:
            _check_resumable(run, resume_meta, config.stage, world_rows, mix.seq_len)
        schedule = (Schedule(**resume_meta["schedule"]) if resume_meta is not None
                    else _schedule(config, steps, init_meta, warn=dist.rank == 0))
        if resume_meta is not None and dist.rank == 0:
            (say or log.info)(f"resuming {run} from step {resume_meta['step']} ({resume_meta['tokens']} tokens)")

        device = _device(config, dist)
        dist.start(device)
        torch.manual_seed(config.seed)
        random.seed(config.seed)
        np.random.seed(config.seed)
        model = _model(shape, len(tokenizer), config, device, dist, weights_from=resume or init)
        optimizer = _optimizer(model, config, device)
        load_optimizer = config.load_optimizer if config.load_optimizer is not None else config.stage == "cooldown"
        state_source = resume if resume is not None else (init if load_optimizer else None)
        start, tokens_before = 0, (init_meta or {}).get("tokens_total", 0)
        if state_source is not None:
            state = torch.load(state_source / "trainer.pt", map_location="cpu", weights_only=False)
            set_optimizer_state_dict(model, optimizer, optim_state_dict=state["optimizer"],
                                     options=_state_options(dist))
            if resume is not None:
                start = resume_meta["step"]
                tokens_before = resume_meta["tokens_total"] - resume_meta["tokens"]
                rng = state["rng"][dist.rank] if dist.rank < len(state["rng"]) else state["rng"][0]
                _set_rng_state(rng)
        forward = torch.compile(model) if config.compile else model
        autocast = (torch.autocast(device.type, dtype=torch.bfloat16) if config.precision == "bf16"
                    else contextlib.nullcontext())
        flops_token = shape.flops_per_token(mix.seq_len, vocab_size=model.config.vocab_size)
        peak = _peak_flops(config, device)
        run.mkdir(parents=True, exist_ok=True)
        metrics = Metrics(run, start, schedule.total, enabled=dist.rank == 0)

        def save(step: int, lr: float) -> Path:
            weights = get_model_state_dict(model, options=_state_options(dist))
            optim = get_optimizer_state_dict(model, optimizer, options=_state_options(dist))
            rngs = [None] * dist.world
            if dist.world > 1:
                dist.dist.all_gather_object(rngs, _rng_state())
            else:
                rngs = [_rng_state()]
            path = None
            if dist.rank == 0:
                from safetensors.torch import save_file

                meta = {"model": shape.name, "shape": asdict(shape), "mix": mix.name, "mix_path": str(mix.path),
                        "stage": config.stage, "step": step, "steps": schedule.total,
                        "tokens": step * step_tokens, "tokens_total": tokens_before + step * step_tokens,
                        "lr": lr, "schedule": schedule.to_dict(), "seq_len": mix.seq_len,
                        "init_from": config.init_from, "world_size": dist.world, "global_batch_rows": world_rows,
                        "complete": step >= schedule.total}
                if mix.manifest.get("preset") is not None:
                    meta["mix_preset"] = mix.manifest["preset"]
                meta["lineage"] = lineage(init_meta, meta)
                files = {
                    "model.safetensors": lambda p: save_file(
                        {k: v.detach().contiguous().cpu() for k, v in weights.items()}, str(p),
                        metadata={"format": "pt"}),
                    "trainer.pt": lambda p: torch.save(
                        {"optimizer": optim, "rng": rngs,
                         "config": asdict(config)}, p),
                }
                path = checkpoint.write(run, step, files, meta, config.keep_checkpoints,
                                        fill=(model.config.save_pretrained, tokenizer.save_pretrained))
            dist.barrier()
            return path or run / "checkpoints" / f"step-{step:08d}"

        last_lr = schedule.lr(start - 1) if start else None
        loss_value = None
        stop = schedule.total if config.stop_after is None else min(schedule.total, start + config.stop_after)
        saved, saved_step = resume, start if resume is not None else None
        stopped_by = None
        model.train()
        for step in range(start, stop):
            began = time.perf_counter()
            lr = schedule.lr(step)
            for group in optimizer.param_groups:
                group["lr"] = lr
            base = step * world_rows + dist.rank * config.micro_batch * config.grad_accum  # rows read so far
            batches = [mix.batch(base + i * config.micro_batch, config.micro_batch) for i in range(config.grad_accum)]
            targets = dist.sum(torch.tensor(float(sum(b.targets for b in batches)), device=device))
            loss_sum = torch.zeros((), device=device)
            for i, batch in enumerate(batches):
                if dist.world > 1:
                    model.set_requires_gradient_sync(i == len(batches) - 1)
                with autocast:
                    logits = forward(input_ids=batch.input_ids.to(device),
                                     position_ids=batch.position_ids.to(device) if config.doc_masking else None,
                                     use_cache=False).logits
                labels = batch.labels.to(device)
                loss = F.cross_entropy(logits[:, :-1].flatten(0, 1).float(), labels[:, 1:].flatten(),
                                       ignore_index=IGNORE, reduction="sum")
                (loss * (dist.world / targets)).backward()
                loss_sum += loss.detach()
            grad_norm = None
            if config.grad_clip > 0:
                norm = torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
                grad_norm = float(norm.full_tensor() if hasattr(norm, "full_tensor") else norm)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            loss_value = float(dist.sum(loss_sum) / targets)
            last_lr = lr
            if device.type == "cuda":
                torch.cuda.synchronize(device)
            elapsed = time.perf_counter() - began
            done = step + 1
            if done < stop:  # a collective: every rank asks after the same steps
                stopped_by = preempt.stop(dist, device)
                if stopped_by is not None:
                    stop = done
            if done % config.log_every == 0 or done == stop:
                tokens_per_s = step_tokens / elapsed
                metrics.log({"step": done, "loss": loss_value, "lr": lr, "grad_norm": grad_norm,
                             "tokens": tokens_before + done * step_tokens, "tokens_per_s": tokens_per_s,
                             "mfu": flops_token * tokens_per_s / (peak * dist.world) if peak else None,
                             "step_s": elapsed})
            if not math.isfinite(loss_value):
                raise ConfigError(f"loss became {loss_value} at step {done}; lower lr (now {lr:.3g})")
            if config.save_every and done % config.save_every == 0 and done != stop:
                saved, saved_step = save(done, lr), done
            if stopped_by is not None:
                break
        if saved_step != stop:
            saved = save(stop, last_lr if last_lr is not None else schedule.lr(0))
        return {"steps": stop, "total_steps": schedule.total, "loss": loss_value, "lr": last_lr,
                "tokens": tokens_before + stop * step_tokens, "checkpoint": str(saved),
                "complete": stop >= schedule.total,
                "stopped_by": signal_name(stopped_by) if stopped_by is not None else None,
                "signal": stopped_by}
    finally:
        preempt.__exit__(None, None, None)
        if metrics is not None:  # flushed even when a step fails (the log up to it is the evidence)
            metrics.close()
        dist.close()
