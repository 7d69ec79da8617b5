"""Verification stages; each reads a Sample and returns a StageResult (see base.py)."""
