"""synthcode: verified synthetic code data for LLM pre-training."""

__version__ = "0.1.0"
