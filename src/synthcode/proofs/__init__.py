"""Proofs of loop code by external verifiers (Nagini), reached across a process boundary."""
