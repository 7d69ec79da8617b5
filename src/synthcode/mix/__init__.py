"""Pre-training mixes: sources -> formatted documents -> token-exact, packed fixed-length sequences.

``synthcode mix --config configs/mixes/NAME.yaml`` (see :mod:`synthcode.mix.pack`); formatters
in :mod:`synthcode.mix.formatters` turn one row of a source into one document.
"""
