"""Bilingual labels: every name in procpolicy has a Chinese and an English form.

The policy's own vocabulary is Chinese; `Label` keeps the source term next to
its English rendering, and `BilingualEnum` gives every enum member ``.zh`` and
``.en``.
"""

from __future__ import annotations

from enum import Enum
from typing import Self

from attrs import field, frozen

from procpolicy._repr import fields_repr
from procpolicy._validate import non_empty_str
from procpolicy.errors import InvalidInput

__all__ = ["BilingualEnum", "Label"]


@frozen(repr=False)
class Label:
    """A name in Chinese and in English.

    Examples:
        >>> Label("以钱养事", "money pays for tasks").zh
        '以钱养事'
        >>> str(Label("花钱必问效", "every yuan is asked for its effect"))
        '花钱必问效 (every yuan is asked for its effect)'
    """

    __repr__ = fields_repr

    zh: str = field(validator=non_empty_str)
    """The Chinese term, as the source writes it."""
    en: str = field(validator=non_empty_str)
    """The English rendering."""

    def __str__(self) -> str:
        return f"{self.zh} ({self.en})"


class BilingualEnum(Enum):
    """An enum whose members carry a `Label`.

    Members are serialised by their ``name``; ``.zh`` and ``.en`` give the
    labels.

    Examples:
        >>> class Colour(BilingualEnum):
        ...     RED = Label("红", "red")
        >>> Colour.RED.zh, Colour.RED.en
        ('红', 'red')
        >>> Colour.from_name("RED") is Colour.RED
        True
    """

    _value_: Label

    # Members are singletons compared by identity, so identity is a sound hash;
    # the C slot avoids Enum's Python-level ``hash(self._name_)`` on every set
    # and dict look-up (~14 k instructions per lifecycle).  Set and dict order
    # of members may differ between processes, as with string hashes anyway:
    # nothing in procpolicy depends on it (sets are sorted when shown).
    __hash__ = object.__hash__

    @property
    def label(self) -> Label:
        """The member's bilingual label."""
        return self._value_

    @property
    def zh(self) -> str:
        """The Chinese name."""
        return self._value_.zh

    @property
    def en(self) -> str:
        """The English name."""
        return self._value_.en

    def __str__(self) -> str:
        return f"{self._value_.zh} ({self._value_.en})"

    @classmethod
    def from_name(cls, name: str) -> Self:
        """Return the member called ``name``.

        Raises:
            InvalidInput: when no member has that name; the message lists the
                valid names.
        """
        try:
            return cls[name]
        except (KeyError, TypeError):
            valid = ", ".join(m.name for m in cls)
            raise InvalidInput(
                f"{cls.__name__}: {name!r} is not a member; expected one of {valid}"
            ) from None
