"""Embedded frameworks: the default data of procpolicy.

* `national` — the national documents of REGULATIONS.md, with their dates and
  the values they set; unconfirmed facts carry ``verified=False``.
* `anyang` — national law plus Anyang's "1+3+N" system as the 2017 article
  describes it; every figure the article does not give is an assumption,
  marked in the document's ``assumptions`` and cited as unverified.

Both are built from code (no file reads) and cached: they are immutable.
"""

from procpolicy.presets.anyang import anyang
from procpolicy.presets.national import national

__all__ = ["anyang", "national"]
