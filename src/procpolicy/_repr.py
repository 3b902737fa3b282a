"""One ``__repr__`` for the value classes, instead of one compiled per class.

attrs writes a ``__repr__`` for every class it builds by generating source
and compiling it when the module is imported: for procpolicy's classes that
compilation was a seventh of the cost of ``import procpolicy`` (measured in
``docs/performance.md``).  The value classes therefore say ``repr=False`` and
take `fields_repr`, which writes the very text attrs would: the class's name
and every field shown by attrs (``field(repr=False)`` hides one, a callable
``repr`` formats it), in the order of ``attrs.fields``.  A property test
(``tests/properties/test_repr.py``) compares the two on generated values.

procpolicy's values are frozen trees, never cyclic, so attrs' guard against a
value that contains itself is not needed here.
"""

from __future__ import annotations

from typing import Any

from attrs import NOTHING

__all__ = ["fields_repr"]


def fields_repr(self: Any) -> str:
    """``Class(field=value, …)``, as attrs' generated ``__repr__`` writes it."""
    cls = self.__class__
    shown = []
    for a in cls.__attrs_attrs__:
        how = a.repr
        if how is False:
            continue
        value = getattr(self, a.name) if a.init else getattr(self, a.name, NOTHING)
        shown.append(f"{a.name}={value!r}" if how is True else f"{a.name}={how(value)}")
    name = cls.__qualname__.rsplit(">.", 1)[-1]
    return f"{name}({', '.join(shown)})"
