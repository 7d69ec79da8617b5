"""Harnesses the runner loads by name inside the sandbox (``harness: NAME`` in a request).

Each module defines ``run(request, report, workdir, problems)``; it runs in the forked child, so
it may import the sample. Reach the runner's helpers (``load_sample``, ``teardown``,
``describe_failure``) with ``import synthcode_runner``. Like the runner, these modules are copied
into the docker image and may import only the standard library and what the stage preloads.
"""
