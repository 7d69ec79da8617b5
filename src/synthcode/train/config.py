"""The settings of one training stage (``configs/train/*.yaml``; ``synthcode train`` flags override them)."""

from __future__ import annotations

from dataclasses import dataclass

from synthcode.config import path_field
from synthcode.errors import ConfigError

STAGES = ("pretrain", "continue", "cooldown")
PRECISIONS = ("bf16", "fp32")
ATTENTION = ("sdpa", "flash_attention_2", "flex_attention", "eager")


@dataclass(kw_only=True, slots=True)
class TrainConfig:
    mix: str = path_field()
    """Mix directory written by ``synthcode mix`` (manifest.json + shards/)."""
    out: str = path_field()
    """Run directory: checkpoints/, metrics.jsonl, tensorboard/. A rerun with the same directory
    resumes from its latest checkpoint."""
    stage: str = "pretrain"
    """``pretrain`` (needs ``model``), ``continue`` or ``cooldown`` (need ``init_from``)."""
    tokens: int
    """Token budget of the stage; the stage runs ceil(tokens / tokens per optimizer step) steps."""
    model: str | None = path_field(None)
    """A ladder shape (``configs/ladder/470m.yaml``) for a model trained from scratch."""
    init_from: str | None = path_field(None)
    """A checkpoint directory of an earlier stage: its weights start this stage."""
    load_optimizer: bool | None = None
    """Also take the AdamW moments from ``init_from``; None means yes for cooldown, no otherwise."""
    micro_batch: int = 8
    """Rows (sequences) per forward pass, per process."""
    grad_accum: int = 1
    """Micro-batches per optimizer step, per process. Global batch = micro_batch * grad_accum * processes."""
    lr: float = 3e-4
    """Peak learning rate (pretrain, continue)."""
    min_lr: float = 3e-5
    """Learning rate at the end of the cosine (pretrain, continue)."""
    warmup_steps: int = 0
    """Linear warm-up steps (pretrain, continue). A stage too short for it (a smoke run of a preset)
    warms up for half its steps instead, with a warning."""
    final_lr: float = 1e-6
    """Where the cooldown's linear anneal ends."""
    weight_decay: float = 0.1
    """AdamW weight decay on matrices (not on norms)."""
    betas: list[float] | None = None
    """AdamW betas; None means [0.9, 0.95]."""
    eps: float = 1e-8
    """AdamW epsilon."""
    grad_clip: float = 1.0
    """Clip the global gradient norm to this (0 turns clipping off)."""
    precision: str = "bf16"
    """``bf16``: autocast to bfloat16 with fp32 master weights and optimizer state; ``fp32``: no autocast."""
    attention: str = "sdpa"
    """transformers attention implementation: sdpa, flash_attention_2, flex_attention or eager."""
    doc_masking: bool = True
    """Keep attention inside documents (positions restart at each document; see README)."""
    fused_adamw: bool | None = None
    """Fused AdamW kernel; None means on CUDA yes, elsewhere the foreach implementation."""
    compile: bool = False
    """torch.compile the model."""
    activation_checkpointing: bool = False
    """Recompute block activations in the backward pass (less memory, ~30% more compute)."""
    device: str | None = None
    """cuda, cpu, ...; None picks cuda (this process's local rank) when available."""
    seed: int = 0
    """Seeds initialisation and the data order."""
    save_every: int = 0
    """Save a checkpoint every this many optimizer steps (0: only at the end)."""
    keep_checkpoints: int = 2
    """Most recent checkpoints kept on disk (older ones are deleted once a newer one is complete)."""
    log_every: int = 1
    """Write metrics every this many steps."""
    peak_tflops: float | None = None
    """Peak bf16 TFLOP/s of one device, for MFU; None knows H100/H200 (989) and A100 (312)."""
    stop_after: int | None = None
    """End the run (with a checkpoint) after this many optimizer steps of the stage, as if it had
    been interrupted; a rerun without it continues."""

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ConfigError(f"stage must be one of {', '.join(STAGES)}, got {self.stage!r}")
        if self.precision not in PRECISIONS:
            raise ConfigError(f"precision must be bf16 or fp32, got {self.precision!r}")
        if self.attention not in ATTENTION:
            raise ConfigError(f"attention must be one of {', '.join(ATTENTION)}, got {self.attention!r}")
        if self.stage == "pretrain" and self.model is None and self.init_from is None:
            raise ConfigError("stage pretrain needs model (a ladder shape) or init_from (a checkpoint)")
        if self.stage in ("continue", "cooldown") and self.init_from is None:
            raise ConfigError(f"stage {self.stage} needs init_from (the previous stage's checkpoint)")
        for key in ("tokens", "micro_batch", "grad_accum", "log_every", "keep_checkpoints"):
            if getattr(self, key) < 1:
                raise ConfigError(f"{key} must be at least 1, got {getattr(self, key)}")
        for key in ("save_every", "warmup_steps"):
            if getattr(self, key) < 0:
                raise ConfigError(f"{key} must not be negative, got {getattr(self, key)}")
        if not self.lr > 0:
            raise ConfigError(f"lr must be positive, got {self.lr}")
        if self.betas is not None and (len(self.betas) != 2 or not all(0 <= b < 1 for b in self.betas)):
            raise ConfigError(f"betas must be two numbers in [0, 1), got {self.betas}")
        if self.stop_after is not None and self.stop_after < 1:
            raise ConfigError(f"stop_after must be at least 1, got {self.stop_after}")
