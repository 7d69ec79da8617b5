"""Training on CPU with the tiny ladder shape: learning, exact resume, cooldown, the gloo path.

The mix is written as ``synthcode mix`` writes one (manifest.json + Parquet shards of
PACKED_COLUMNS) from a BPE tokenizer trained in the test (``fakes/packed_mix.py``).
"""

from __future__ import annotations

import json
import shutil
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

torch = pytest.importorskip("torch")

from fakes.bpe import bpe_tokenizer  # noqa: E402
from fakes.net import free_port  # noqa: E402
from fakes.packed_mix import TINY, documents, write_mix  # noqa: E402

from synthcode.config import load_config  # noqa: E402
from synthcode.errors import ConfigError, InputError  # noqa: E402
from synthcode.train.config import TrainConfig  # noqa: E402
from synthcode.train.data import IGNORE, PackedMix  # noqa: E402
from synthcode.train.model import ModelShape  # noqa: E402
from synthcode.train.schedule import Schedule  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_trains_on_a_mix_built_by_synthcode_mix(tmp_path):
    """The real producer: ``build_mix`` over two local sources, then a few optimizer steps."""
    from synthcode.mix.config import MixConfig, SourceConfig
    from synthcode.mix.pack import build_mix
    from synthcode.train.trainer import train

    docs = documents(300)
    (tmp_path / "text.jsonl").write_text("".join(json.dumps({"text": d}) + "\n" for d in docs[::2]))
    (tmp_path / "code.jsonl").write_text("".join(json.dumps({"text": d}) + "\n" for d in docs[1::2]))
    bpe_tokenizer(docs, ["<unk>", "<eos>"]).save(str(tmp_path / "tokenizer.json"))
    mix_config = MixConfig(sources={
        "text": SourceConfig(path=str(tmp_path / "text.jsonl"), text_field="text", ratio=0.5, max_epochs=10),
        "code": SourceConfig(path=str(tmp_path / "code.jsonl"), text_field="text", ratio=0.5, max_epochs=10)},
        total_tokens=64 * 40, tokenizer=str(tmp_path / "tokenizer.json"), eos_token="<eos>", seq_len=64,
        sequences_per_shard=16, batch_size=50)
    build_mix(mix_config, tmp_path / "text-code")
    summary = train(config(tmp_path / "text-code", tmp_path / "run", tokens=64 * 4 * 4))
    assert summary["complete"] and len(losses(tmp_path / "run")) == 4
    from transformers import AutoTokenizer

    assert AutoTokenizer.from_pretrained(summary["checkpoint"]).eos_token == "<eos>"


@pytest.fixture(scope="module")
def mix(tmp_path_factory) -> Path:
    return write_mix(tmp_path_factory.mktemp("mixes") / "code-mix")


@pytest.fixture(scope="module")
def whole(mix, tmp_path_factory) -> Path:
    """An uninterrupted 12-step run, the reference for the resume tests."""
    from synthcode.train.trainer import train

    run = tmp_path_factory.mktemp("whole") / "run"
    train(config(mix, run, tokens=64 * 4 * 12))
    return run


def config(mix: Path, out: Path, **kw) -> TrainConfig:
    base = dict(mix=str(mix), out=str(out), model=TINY, tokens=64 * 4 * 30, micro_batch=2, grad_accum=2,
                lr=3e-3, min_lr=3e-4, warmup_steps=3, precision="fp32", device="cpu")
    base.update(kw)
    return TrainConfig(**base)


def losses(run: Path) -> list[tuple[int, float]]:
    lines = (run / "metrics.jsonl").read_text().splitlines()
    return [(r["step"], r["loss"]) for r in map(json.loads, lines)]


@pytest.mark.slow
def test_ladder_comments_state_the_exact_parameter_count():
    from transformers import LlamaForCausalLM

    for path in sorted((ROOT / "configs" / "ladder").glob("*.yaml")):
        stated = int(re.search(r"total: ([\d,]+)", path.read_text()).group(1).replace(",", ""))
        shape = load_config(ModelShape, path)
        with torch.device("meta"):
            model = LlamaForCausalLM(shape.llama_config())
        counted = sum(p.numel() for p in model.parameters())
        assert counted == stated == shape.parameters(), path.name
        cfg = model.config
        assert cfg.hidden_act == "silu" and not cfg.attention_bias and not cfg.mlp_bias
        assert not cfg.tie_word_embeddings


def test_batches_restart_positions_per_document_and_mask_cross_document_targets(mix):
    data = PackedMix(mix)
    _, docs = data.read(0, 3)
    batch = data.batch(0, 3)
    for row, lengths in enumerate(docs):
        starts = [sum(lengths[:k]) for k in range(len(lengths))]
        assert [int(batch.position_ids[row, s]) for s in starts] == [0] * len(starts)
        assert int(batch.position_ids[row, -1]) == lengths[-1] - 1
        assert [int(i) for i in torch.nonzero(batch.labels[row] == IGNORE)] == starts
    # the order is a function of the seed and the position only
    again = PackedMix(mix).batch(5, 4)
    assert torch.equal(again.input_ids, torch.cat([PackedMix(mix).batch(5, 2).input_ids,
                                                   PackedMix(mix).batch(7, 2).input_ids]))
    # One epoch visits every row of the shards exactly once.
    import pyarrow.parquet as pq

    stored = sorted(tuple(row) for shard in data.shards for row in pq.read_table(shard).column("input_ids").to_pylist())
    seen = torch.cat([data.batch(p, 8).input_ids for p in range(0, data.rows, 8)])
    assert len(seen) == data.rows == len(stored)
    assert sorted(tuple(r.tolist()) for r in seen) == stored


def test_packed_attention_stays_inside_documents():
    """A document's logits do not change when the document before it in the row changes."""
    from synthcode.train.model import build_model

    torch.manual_seed(0)
    model = build_model(load_config(ModelShape, TINY), vocab_size=300).eval()
    a = torch.tensor([[5, 6, 7, 8, 9, 10, 11, 12]])
    b = a.clone()
    b[0, :3] = torch.tensor([40, 41, 42])
    positions = torch.tensor([[0, 1, 2, 0, 1, 2, 3, 4]])
    with torch.no_grad():
        out_a = model(input_ids=a, position_ids=positions).logits
        out_b = model(input_ids=b, position_ids=positions).logits
        plain = model(input_ids=b).logits
    assert torch.allclose(out_a[0, 3:], out_b[0, 3:], atol=1e-5)
    assert not torch.allclose(out_a[0, 3:], plain[0, 3:], atol=1e-3)


@pytest.mark.slow
def test_loss_decreases_and_checkpoint_loads_in_transformers(mix, tmp_path):
    from transformers import AutoTokenizer, LlamaForCausalLM

    from synthcode.train.trainer import train

    summary = train(config(mix, tmp_path / "run", tokens=64 * 4 * 30))
    curve = [loss for _, loss in losses(tmp_path / "run")]
    assert len(curve) == 30 and summary["complete"]
    assert sum(curve[-5:]) / 5 < 0.6 * sum(curve[:5]) / 5
    records = [json.loads(x) for x in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert {"loss", "lr", "tokens_per_s", "mfu", "grad_norm"} <= records[0].keys()
    model = LlamaForCausalLM.from_pretrained(summary["checkpoint"])
    tokenizer = AutoTokenizer.from_pretrained(summary["checkpoint"])
    assert model.config.vocab_size >= len(tokenizer)
    meta = json.loads((Path(summary["checkpoint"]) / "meta.json").read_text())
    assert meta["model"] == "tiny" and meta["mix"] == "code-mix" and meta["stage"] == "pretrain"


@pytest.mark.slow
def test_resume_continues_with_identical_losses(mix, whole, tmp_path):
    from synthcode.train.trainer import train

    first = train(config(mix, tmp_path / "split", tokens=64 * 4 * 12, stop_after=5))
    assert not first["complete"] and first["steps"] == 5
    train(config(mix, tmp_path / "split", tokens=64 * 4 * 12))
    with pytest.raises(ConfigError, match="Resume with the same settings"):
        train(config(mix, tmp_path / "split", tokens=64 * 4 * 12, micro_batch=4))
    split = losses(tmp_path / "split")
    assert [s for s, _ in split] == list(range(1, 13))
    assert split == losses(whole)


@pytest.mark.slow
def test_cooldown_anneals_from_where_the_previous_stage_stopped_to_its_floor(mix, tmp_path):
    from synthcode.train.trainer import train

    from synthcode.evaluation.run import describe

    pre = train(config(mix, tmp_path / "pre", tokens=64 * 4 * 6, stop_after=4))
    start_lr = pre["lr"]
    cooldown_mix = tmp_path / "cooldown"  # the study cools every arm down on one shared mix
    shutil.copytree(mix, cooldown_mix)
    cool = train(config(cooldown_mix, tmp_path / "cool", stage="cooldown", model=None, init_from=pre["checkpoint"],
                        tokens=64 * 4 * 8, final_lr=1e-6, precision="bf16"))
    lrs = [json.loads(x)["lr"] for x in (tmp_path / "cool" / "metrics.jsonl").read_text().splitlines()]
    assert lrs[0] == pytest.approx(start_lr) and lrs[-1] == pytest.approx(1e-6)
    assert all(a > b for a, b in zip(lrs, lrs[1:]))
    meta = json.loads((Path(cool["checkpoint"]) / "meta.json").read_text())
    assert meta["stage"] == "cooldown" and meta["tokens_total"] == 64 * 4 * (4 + 8)
    assert [(m["mix"], m["stage"]) for m in meta["lineage"]] == [("code-mix", "pretrain"), ("cooldown", "cooldown")]
    # Eval files the cooldown under its arm (the pretraining mix), not under the shared cooldown mix.
    info = describe(cool["checkpoint"])
    assert (info["mix"], info["stage_mix"], info["stage"]) == ("code-mix", "cooldown", "cooldown")
    assert describe(pre["checkpoint"])["mix"] == "code-mix"


def test_schedules():
    cosine = Schedule(kind="cosine", peak=1.0, floor=0.1, warmup=4, total=20)
    lrs = [cosine.lr(s) for s in range(20)]
    assert lrs[:4] == sorted(lrs[:4]) and max(lrs) == pytest.approx(1.0) and lrs[-1] == pytest.approx(0.1)
    assert all(a >= b for a, b in zip(lrs[4:], lrs[5:]))
    with pytest.raises(ConfigError, match="warmup_steps=30"):
        Schedule(kind="cosine", peak=1.0, floor=0.1, warmup=30, total=20)


def test_bad_settings_and_inputs_are_one_line_errors(mix, tmp_path):
    with pytest.raises(ConfigError, match="needs init_from"):
        config(mix, tmp_path, stage="cooldown", model=None)
    with pytest.raises(ConfigError, match="precision"):
        config(mix, tmp_path, precision="fp8")
    with pytest.raises(InputError, match="manifest.json"):
        PackedMix(tmp_path / "nowhere")
    wrong = tmp_path / "wrong-count"
    shutil.copytree(mix, wrong)
    manifest = json.loads((wrong / "manifest.json").read_text())
    manifest["shards"][0]["sequences"] += 1  # the shard holds one row fewer than the manifest says
    (wrong / "manifest.json").write_text(json.dumps(manifest))
    data = PackedMix(wrong)
    with pytest.raises(InputError, match="rows, but the manifest says"):
        for start in range(0, data.rows, 8):
            data.read(start, 8)
    from synthcode.cli import main

    code = main(["train", "--mix", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"),
                 "--tokens", "100", "--model", TINY])
    assert code == 2


@pytest.mark.slow
def test_two_gloo_processes_match_one_process(mix, tmp_path):
    """FSDP2 over gloo (torchrun, 2 CPU processes) takes the same steps as one process, resumes
    from its own sharded run, and its checkpoint resumes in a single process."""
    import shutil

    from synthcode.train.trainer import train

    kw = dict(tokens=64 * 4 * 6, micro_batch=2)
    train(config(mix, tmp_path / "one", grad_accum=2, **kw))
    args = ["--mix", str(mix), "--out", str(tmp_path / "two"), "--model", TINY, "--tokens", str(kw["tokens"]),
            "--micro-batch", "2", "--grad-accum", "1", "--lr", "3e-3", "--precision", "fp32", "--device", "cpu"]
    cfg = tmp_path / "two.yaml"
    cfg.write_text("min_lr: 0.0003\nwarmup_steps: 3\n")
    env = dict(os.environ, OMP_NUM_THREADS="1")
    for extra in (["--stop-after", "3"], []):
        done = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2",
                               "--master-port", str(free_port()), "-m", "synthcode", "train",
                               "--config", str(cfg), *args, *extra],
                              capture_output=True, text=True, env=env, timeout=240)
        assert done.returncode == 0, done.stderr[-3000:]
        if extra:  # keep the 2-process run as it was after step 3, to resume it in one process below
            shutil.copytree(tmp_path / "two", tmp_path / "mixed")
    one, two = losses(tmp_path / "one"), losses(tmp_path / "two")
    assert [s for s, _ in two] == [s for s, _ in one] == list(range(1, 7))
    assert [b for _, b in two] == pytest.approx([a for _, a in one], rel=1e-4)
    meta = json.loads((tmp_path / "two" / "checkpoints" / "step-00000006" / "meta.json").read_text())
    assert meta["world_size"] == 2

    train(config(mix, tmp_path / "mixed", grad_accum=2, **kw))
    mixed = losses(tmp_path / "mixed")
    assert [s for s, _ in mixed] == list(range(1, 7))
    assert [b for _, b in mixed] == pytest.approx([a for _, a in one], rel=1e-4)


@pytest.mark.slow
def test_activation_checkpointing_takes_the_same_steps(mix, tmp_path):
    from synthcode.train.trainer import train

    train(config(mix, tmp_path / "plain", tokens=64 * 4 * 4))
    train(config(mix, tmp_path / "ckpt", tokens=64 * 4 * 4, activation_checkpointing=True))
    plain, checkpointed = losses(tmp_path / "plain"), losses(tmp_path / "ckpt")
    assert [s for s, _ in checkpointed] == [s for s, _ in plain] == [1, 2, 3, 4]
    assert [b for _, b in checkpointed] == pytest.approx([a for _, a in plain], rel=1e-5)


def test_shipped_train_configs_load():
    paths = sorted((ROOT / "configs" / "train").glob("*.yaml"))
    stages = {p.stem: load_config(TrainConfig, p, {"mix": "m", "out": "o", "tokens": 1, "model": TINY,
                                                   "init_from": "ckpt"}).stage for p in paths}
    assert stages == {"pretrain": "pretrain", "continue": "continue", "cooldown": "cooldown", "tiny-cpu": "pretrain",
                      "tiny-cpu-cooldown": "cooldown"}
    assert load_config(TrainConfig, ROOT / "configs/train/cooldown.yaml",
                       {"mix": "m", "out": "o", "tokens": 1, "init_from": "c"}).final_lr == 1e-6


@pytest.mark.slow
def test_kill_9_then_rerun_loses_and_repeats_no_step(mix, whole, tmp_path):
    """A run killed mid-stage and started again ends where the uninterrupted run ends, each step logged once."""
    import signal
    import time

    steps = 12
    command = [sys.executable, "-m", "synthcode", "train", "--mix", str(mix), "--out", str(tmp_path / "killed"),
               "--model", TINY, "--tokens", str(64 * 4 * steps), "--micro-batch", "2", "--grad-accum", "2",
               "--lr", "3e-3", "--precision", "fp32", "--device", "cpu", "--save-every", "2", "--config",
               str(tmp_path / "extra.yaml")]
    (tmp_path / "extra.yaml").write_text("min_lr: 0.0003\nwarmup_steps: 3\n")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    pointer = tmp_path / "killed" / "checkpoints" / "latest"
    deadline = time.monotonic() + 240
    while not (pointer.exists() and pointer.read_text() >= "step-00000004") and process.poll() is None:
        assert time.monotonic() < deadline, "no checkpoint appeared"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    logged = [s for s, _ in losses(tmp_path / "killed")]
    assert logged and logged[-1] < steps  # killed part-way
    done = subprocess.run(command, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    assert losses(tmp_path / "killed") == losses(whole)


# --- preemption, resume line, short-run warm-up, offline tokenizers ---------------------------------

def train_command(mix: Path, out: Path, tokens: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "synthcode", "train", "-c", str(ROOT / "configs/train/tiny-cpu.yaml"),
            "--model", TINY, "--mix", str(mix), "--out", str(out), "--tokens", str(tokens),
            "--micro-batch", "2", "--grad-accum", "2", *extra]


def signal_after_first_step(command: list[str], run: Path, signum: int, target=None) -> subprocess.CompletedProcess:
    """Start ``command``, send ``signum`` once metrics.jsonl shows a finished step, wait for the end.
    ``target(process)`` picks the pid to signal (default: the process itself)."""
    import time

    env = dict(os.environ, OMP_NUM_THREADS="1")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    metrics = run / "metrics.jsonl"
    deadline = time.monotonic() + 240
    while not (metrics.exists() and metrics.read_text().strip()):
        if process.poll() is not None:
            raise AssertionError(f"ended before its first step: {process.communicate()[1][-3000:]}")
        assert time.monotonic() < deadline, "no step was logged"
        time.sleep(0.02)
    os.kill(target(process) if target else process.pid, signum)
    out, err = process.communicate(timeout=240)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


@pytest.mark.slow
@pytest.mark.parametrize("signum", ["SIGTERM", "SIGINT"])
def test_a_signal_ends_the_run_after_the_step_with_a_checkpoint_and_a_rerun_resumes(mix, tmp_path, signum):
    """Real signal to a real ``synthcode train``: the step finishes, a complete checkpoint is
    written, the exit code is 128 + the signal; the same command then resumes at that step."""
    import signal

    preset = tmp_path / "code-mix"
    shutil.copytree(mix, preset)
    manifest = json.loads((preset / "manifest.json").read_text())
    (preset / "manifest.json").write_text(json.dumps({**manifest, "preset": "code-25"}))
    run = tmp_path / "run"
    command = train_command(preset, run, 64 * 4 * 1000)  # far more steps than the test waits for
    done = signal_after_first_step(command, run, getattr(signal, signum))
    assert done.returncode == {"SIGTERM": 143, "SIGINT": 130}[signum], done.stderr[-3000:]
    step = int(re.search(rf"stopped by {signum} at step (\d+); checkpoint saved to (\S+); rerun the "
                         r"same command to resume", done.stderr).group(1))
    assert 1 <= step < 1000 and "Traceback" not in done.stderr
    ckpt = run / "checkpoints" / f"step-{step:08d}"
    assert (run / "checkpoints" / "latest").read_text() == ckpt.name
    assert {"model.safetensors", "trainer.pt", "meta.json", "config.json", "tokenizer.json"} <= {
        p.name for p in ckpt.iterdir()}
    meta = json.loads((ckpt / "meta.json").read_text())
    assert meta["step"] == step and not meta["complete"] and meta["mix_preset"] == "code-25"
    assert [s for s, _ in losses(run)] == list(range(1, step + 1))  # the step it was in was finished
    assert json.loads(done.stdout)["stopped_by"] == signum

    again = subprocess.run(command + ["--stop-after", "2"], capture_output=True, text=True, timeout=240)
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"resuming {run} from step {step} ({step * 64 * 4} tokens)" in again.stderr
    assert [s for s, _ in losses(run)] == list(range(1, step + 3))


@pytest.mark.slow
def test_under_torchrun_every_rank_stops_at_the_step_one_rank_was_signalled_at(mix, tmp_path):
    """SIGTERM to rank 1 only: the ranks all-reduce the stop flag, so rank 0 stops after the same
    step (without it, rank 0 would go on alone and wait forever in the next collective)."""
    import signal

    def rank_1(process: subprocess.Popen) -> int:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if ppid == process.pid and b"RANK=1" in environ:
                return int(entry.name)
        raise AssertionError("no rank 1 process under torchrun")

    run = tmp_path / "run"
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2", "--master-port",
               str(free_port()), *train_command(mix, run, 64 * 4 * 1000)[1:]]
    command[command.index("--grad-accum") + 1] = "1"
    done = signal_after_first_step(command, run, signal.SIGTERM, target=rank_1)
    step = int(re.search(r"stopped by SIGTERM at step (\d+)", done.stderr).group(1))
    # torchrun reports a worker's exit code 143 as a failure of its own (it exits 1)
    assert re.search(r"exitcode\s*:\s*143", done.stderr) and done.returncode == 1, done.stderr[-3000:]
    meta = json.loads((run / "checkpoints" / f"step-{step:08d}" / "meta.json").read_text())
    assert meta["world_size"] == 2 and meta["step"] == step
    assert [s for s, _ in losses(run)] == list(range(1, step + 1))


def test_preemption_records_the_first_signal_and_a_late_second_one_aborts(monkeypatch):
    import signal

    from synthcode.train import preempt

    before = signal.getsignal(signal.SIGINT)
    before_term = signal.getsignal(signal.SIGTERM)  # not always SIG_DFL: ray.init installs its own
    with preempt.Preemption() as p:
        assert p.stop() is None
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)  # a repeat at once (torchrun forwarding): the same request
        assert p.stop() == signal.SIGTERM and preempt.exit_code(p.stop()) == 143
    assert signal.getsignal(signal.SIGINT) is before and signal.getsignal(signal.SIGTERM) == before_term
    monkeypatch.setattr(preempt, "REPEAT_WINDOW_S", 0.0)
    with pytest.raises(KeyboardInterrupt), preempt.Preemption() as p:
        os.kill(os.getpid(), signal.SIGINT)
        assert p.stop() == signal.SIGINT and preempt.exit_code(signal.SIGINT) == 130
        os.kill(os.getpid(), signal.SIGINT)  # a second signal: Python's own handler, at once
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.slow
def test_a_short_stage_clips_the_presets_warmup_with_a_warning(mix, tmp_path, caplog):
    """configs/train/tiny-cpu.yaml warms up for 5 steps; a 4-step stage runs, warning once, and
    still goes from the peak down to min_lr."""
    from synthcode.train.trainer import train, warmup_for

    assert [warmup_for(5, n) for n in (1, 2, 4, 5, 6, 100)] == [0, 0, 1, 2, 5, 5]
    preset = load_config(TrainConfig, ROOT / "configs/train/tiny-cpu.yaml",
                         {"mix": str(mix), "out": str(tmp_path / "run"), "tokens": 64 * 8 * 4, "model": TINY})
    assert preset.warmup_steps == 5
    with caplog.at_level("WARNING"):
        summary = train(preset)
    assert summary["complete"] and summary["steps"] == 4
    warned = [r.getMessage() for r in caplog.records if "warmup_steps" in r.getMessage()]
    assert warned == ["warmup_steps=5 does not fit the stage's 4 steps; warming up for 1 instead "
                      "(set warmup_steps below 4, or raise --tokens, to choose)"]
    lrs = [json.loads(x)["lr"] for x in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert lrs[0] < lrs[1] == pytest.approx(preset.lr) and lrs[-1] == pytest.approx(preset.min_lr)


def test_checkpoint_files_are_written_inside_the_temporary_directory(tmp_path):
    from synthcode.train import checkpoint

    seen = []
    path = checkpoint.write(tmp_path, 3, {"a.bin": lambda p: p.write_bytes(b"x")}, {"step": 3}, keep=2,
                            fill=[lambda d: (seen.append(d.name), (d / "config.json").write_text("{}"))])
    assert seen == [".tmp-step-00000003"]
    assert sorted(p.name for p in path.iterdir()) == ["a.bin", "config.json", "meta.json"]


@pytest.mark.slow
def test_hub_tokenizers_fail_fast_offline_and_resume_from_the_checkpoints_copy(mix, tmp_path, monkeypatch, caplog):
    import time

    from synthcode.train.model import load_tokenizer
    from synthcode.train.trainer import train

    absent = "nobody-here/no-such-tokenizer"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError, match="not in the Hugging Face cache and the Hub cannot be reached .HF_HUB_OFFLINE=1."):
        load_tokenizer(absent)
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{free_port()}")  # nothing listens: unreachable
    began = time.monotonic()
    with pytest.raises(ConfigError, match="the Hub cannot be reached"):
        load_tokenizer(absent)
    assert time.monotonic() - began < 30  # not transformers' minute of retries
    with pytest.raises(ConfigError, match="no such file or directory"):
        load_tokenizer(str(tmp_path / "moved" / "tokenizer.json"))

    # A run resumed where its mix's Hub tokenizer cannot be fetched uses the copy in its checkpoint.
    hub_mix = tmp_path / "hub-mix"
    shutil.copytree(mix, hub_mix)
    first = train(config(hub_mix, tmp_path / "run", tokens=64 * 4 * 4, stop_after=1))
    manifest = json.loads((hub_mix / "manifest.json").read_text())
    manifest["tokenizer"]["name"] = absent
    (hub_mix / "manifest.json").write_text(json.dumps(manifest))
    (hub_mix / "tokenizer.json").unlink()
    with caplog.at_level("WARNING"):
        second = train(config(hub_mix, tmp_path / "run", tokens=64 * 4 * 4, stop_after=1))
    assert second["steps"] == 2 and first["steps"] == 1
    assert any(f"using the copy in {first['checkpoint']}" in r.getMessage() for r in caplog.records)
    with pytest.raises(ConfigError, match="the Hub cannot be reached"):
        train(config(hub_mix, tmp_path / "fresh", tokens=64 * 4 * 4))
