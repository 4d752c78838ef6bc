"""The MD5 digest that names a PDF (its /ID) and a font subset (its tag), quick to load.

``hashlib`` loads OpenSSL on import, a few milliseconds of every command's
start-up; CPython's own MD5 module gives the same digest without it. The
digest only tells files apart, so MD5's weakness against forgery is no matter.
"""

from __future__ import annotations


def md5(data: bytes) -> bytes:
    """The MD5 digest of ``data``."""
    try:
        from _md5 import md5 as builtin_md5  # type: ignore[import-not-found]  # CPython's own, in builds with hashlib's fallbacks
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import md5 as openssl_md5

        return openssl_md5(data, usedforsecurity=False).digest()
    digest: bytes = builtin_md5(data).digest()
    return digest
