"""The model ladder's training: Llama-style models on packed mixes, one stage at a time.

::

    synthcode train --model configs/ladder/tiny.yaml --mix out/mix --tokens 200000 --out runs/tiny-pre
    synthcode train --stage cooldown --init-from runs/tiny-pre/checkpoints/step-00000050 \\
        --mix out/mix --tokens 50000 --out runs/tiny-cool

Modules: :mod:`~synthcode.train.model` (shapes, build, FLOPs), :mod:`~synthcode.train.data`
(packed mix reader), :mod:`~synthcode.train.schedule`, :mod:`~synthcode.train.checkpoint`,
:mod:`~synthcode.train.trainer` (the loop), :mod:`~synthcode.train.preempt` (SIGTERM/SIGINT end a run
with a checkpoint, exit 143/130). Importing this package imports no torch.
"""
