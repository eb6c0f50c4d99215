"""References to ``None`` that the Qt binding takes and never gives back.

The PySide6 6.12 wheels (stable ABI, built with the headers of a Python whose ``None`` is
immortal) return ``None`` from every ``void`` method without a new reference, so on CPython
3.11 each such call made from Python drops one of ``None``'s references; when they run out the
interpreter aborts ("Fatal Python error: none_dealloc"). Other calls leak references to
``None`` the other way (a Python override returning ``None`` to C++), and the application as a
whole gains more than it loses; code that calls ``void`` methods many times per paint (the
list's cell painter) measures what it took and gives it back. On Python 3.12 and later
``None`` is immortal: its count does not move and nothing is given back.
"""

from __future__ import annotations

import ctypes
import sys

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

count = sys.getrefcount


def give_back(before: int) -> None:
    """Return the references to ``None`` lost since its count was ``before``
    (``none_refs.count(None)`` taken then)."""
    for _ in range(before - sys.getrefcount(None)):
        _incref(None)
