"""Sandboxes that run untrusted sample code; see :mod:`synthcode.sandbox.base`."""
