#!/usr/bin/env bash
# The whole synthcode pipeline on one machine with no network, in a few minutes on 2 CPU cores:
#
#   bash examples/offline-pipeline.sh OUT
#
#  1. generate   the offline demo run (a recorded model's answers, verified in the sandbox)
#  2. export     its accepted samples as a Hugging Face dataset (Parquet + card)
#  3. corpora    a small text corpus and a small code corpus from this Python's standard library
#  4. tokenizer  a byte-level BPE trained on them in seconds (`synthcode tokenizer train`)
#  5. mix        three mixes from local sources only: text-only (the baseline), synthetic (75% text,
#                22.5% code, 2.5% verified synthetic) and a cooldown mix
#  6. train      the tiny model: each arm pretrains, then cools down on the cooldown mix
#  7. eval       code pass@1 in the sandbox and two lm-eval tasks, on shipped SMOKE data
#  8. report     OUT/report/table.md and the PNGs
#
# Every output goes under OUT; the mix configs it writes (OUT/configs/) include the shipped presets
# and point their sources at the local data. A rerun skips what is done (each command resumes).
# The scores of a model this small on smoke data measure nothing: this shows the pipeline works.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: bash examples/offline-pipeline.sh OUT" >&2; exit 2; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(realpath -m "$1")
mkdir -p "$OUT/configs"
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false

PYTHON=${PYTHON:-python3}
synthcode() { "$PYTHON" -m synthcode "$@"; }
started=$SECONDS
latest() { echo "$1/checkpoints/$(cat "$1/checkpoints/latest")"; }   # a run's newest checkpoint
step() { printf '\n[offline-pipeline %3ds] %s\n' $((SECONDS - started)) "$*" >&2; }

SEQ_LEN=256
PRETRAIN_TOKENS=81920      # 40 steps of 8 rows x 256 tokens (configs/train/tiny-cpu.yaml)
COOLDOWN_TOKENS=20480      # 10 steps

step "1/8 generate: the offline demo run -> $OUT/generate"
synthcode generate --config "$ROOT/configs/generate/demo.yaml" --out "$OUT/generate"

step "2/8 export: accepted samples -> $OUT/dataset"
synthcode export "$OUT/generate" --out "$OUT/dataset" --min-level tested --validation-fraction 0 --seed 0

step "3/8 corpora: standard-library docstrings (text) and sources (code) -> $OUT/corpora"
"$PYTHON" "$ROOT/examples/offline/build_corpora.py" "$OUT/corpora" --max-mb 4

step "4/8 tokenizer: byte-level BPE -> $OUT/tokenizer.json"
[ -s "$OUT/tokenizer.json" ] || synthcode tokenizer train "$OUT/corpora/text/docs.jsonl" \
  "$OUT/corpora/code/files.jsonl" --out "$OUT/tokenizer.json" --vocab-size 512 --eos-token '<|endoftext|>'

# Mix configs: the shipped presets with every source pointed at local data. Paths in a config file
# are relative to that file (OUT/configs/).
local_sources() {
  cat <<EOF
tokenizer: ../tokenizer.json
eos_token: "<|endoftext|>"
seq_len: $SEQ_LEN
sources:
  web_text: {path: ../corpora/text/docs.jsonl, subset: null, max_epochs: 4}
  high_quality: {path: ../corpora/text/docs.jsonl, subset: null, max_epochs: 4}
  web_code: {path: ../corpora/code/files.jsonl, fields: {content: content, lang: language}${1:-}}
  synthetic: {path: ../dataset, split: train}
EOF
}
{ echo "include: $ROOT/configs/mixes/text-only.yaml"; echo "total_tokens: 98304"; local_sources; } \
  > "$OUT/configs/text-only.yaml"
{ echo "include: $ROOT/configs/mixes/synthetic.yaml"; echo "total_tokens: 98304"; local_sources; } \
  > "$OUT/configs/synthetic.yaml"
# The study's cooldown mix without commits, pull requests and notebooks (no local corpus of them
# here): their 3% goes to web code.
{ echo "include: $ROOT/configs/mixes/cooldown.yaml"; echo "total_tokens: 24576"; local_sources ", ratio: 0.15"
  cat <<EOF
  commits: {ratio: 0}
  pull_requests: {ratio: 0}
  notebooks: {ratio: 0}
EOF
} > "$OUT/configs/cooldown.yaml"

for mix in text-only synthetic cooldown; do
  step "5/8 mix: $mix -> $OUT/mixes/$mix"
  synthcode mix --config "$OUT/configs/$mix.yaml" --out "$OUT/mixes/$mix"
done

for arm in text-only synthetic; do
  step "6/8 train: tiny on $arm ($PRETRAIN_TOKENS tokens), then its cooldown"
  synthcode train -c "$ROOT/configs/train/tiny-cpu.yaml" --model "$ROOT/configs/ladder/tiny.yaml" \
    --mix "$OUT/mixes/$arm" --tokens $PRETRAIN_TOKENS --out "$OUT/runs/tiny-$arm-pre"
  synthcode train -c "$ROOT/configs/train/tiny-cpu-cooldown.yaml" \
    --init-from "$(latest "$OUT/runs/tiny-$arm-pre")" \
    --mix "$OUT/mixes/cooldown" --tokens $COOLDOWN_TOKENS --out "$OUT/runs/tiny-$arm-cool"
done

step "7/8 eval: code pass@1 (sandbox) and lm-eval smoke tasks -> $OUT/results"
checkpoints=()
for run in "$OUT"/runs/tiny-{text-only,synthetic}-{pre,cool}; do checkpoints+=("$(latest "$run")"); done
synthcode eval "${checkpoints[@]}" \
  -c "$ROOT/configs/eval/smoke.yaml" --out "$OUT/results"

step "8/8 report -> $OUT/report"
synthcode report "$OUT/results" --baseline text-only --out "$OUT/report"
cat "$OUT/report/table.md"
step "done: $OUT/report/table.md, $OUT/report/*.png"
