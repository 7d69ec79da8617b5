"""Generation: a served model writes problems and candidate solutions; only verified samples come out.

::

    from synthcode.config import load_config
    from synthcode.generate.config import GenerateConfig
    from synthcode.generate.job import GenerateJob

    config = load_config(GenerateConfig, "configs/generate/default.yaml", {"out": "out/gen"})
    stats = GenerateJob(config).run()      # OUT/accepted, OUT/rejected, OUT/stats.json, OUT/cache

Modules: ``config`` (settings), ``prompts`` and ``taxonomy`` and ``seeds`` (what is asked),
``backends`` and ``cache`` (who answers), ``parse`` (reading answers), ``assemble`` (verify files),
``dedup`` and ``decontam`` (what is dropped), ``problems`` (an index to a ``task``, the one record
of the flow), ``agreement`` (comparing candidates), ``rows`` and ``stats`` (reading rows back),
``writer`` (Parquet shards), ``job`` (the pipeline), ``cli`` (``synthcode generate``).
"""
