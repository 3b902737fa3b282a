"""Embedded frameworks: the default data of procpolicy.

* `national` — the national documents of REGULATIONS.md, with their dates,
  the values they set and the rules they establish; a clause is ``TEXT``
  only where REGULATIONS.md confirms it with its article number, else
  ``REPORTED`` (see `procpolicy.rules.Provenance`).
* `anyang` — national law plus Anyang's "1+3+N" system as the 2017 article
  describes it: the documents it names are ``REPORTED``, the ones the library
  infers ``ASSUMED``; every figure the article does not give is an
  assumption, marked in the document's ``assumptions`` and cited ``ASSUMED``.

Both are built from code (no file reads) and cached: they are immutable.
"""

from procpolicy.presets.anyang import anyang
from procpolicy.presets.national import national

__all__ = ["anyang", "national"]
