"""Export a generation run as a Hugging Face dataset: Parquet shards, a split by problem, a dataset card.

See :mod:`synthcode.export.build`; ``synthcode export GEN_DIR --out DATASET_DIR``.
"""
