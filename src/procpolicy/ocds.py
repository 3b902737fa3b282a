"""Open Contracting Data Standard 1.1 export: releases, packages, records.

OCDS is how procurement data is published and analysed worldwide (ocdskit,
Kingfisher, red-flag indicators).  `releases` turns a `Project` into one
OCDS 1.1 release per event of its history, `package` wraps releases in a
release package, `record` compiles them by the standard's merge rules and
`record_package` wraps records in a record package.
Everything is plain JSON-ready data (``dict``, ``list``, ``str``, ``int``,
``float``, ``bool``, ``None``); nothing here reads a clock or a file.

The mapping, what has no OCDS field and where it goes instead, and the merge
rules are explained in ``docs/ocds.md``.  In short:

* **Ids.** ``ocid`` is ``{ocid_prefix}-{project.id}``; a release id is the
  ocid and the event's 1-based place in the history (``…-001``).  Tenders,
  awards, contracts, milestones, transactions and documents are numbered by
  procedure round, contract period or history position, so the same project
  gives the same ids every time and a longer history keeps the ids of the
  shorter one.
* **Amounts** are rounded half up to the fen (0.01 yuan) and written as an
  ``int`` when whole, else as a ``float``: exact for every whole amount and
  for fractional amounts of up to 15 significant digits (below
  10 000 000 000 000 yuan); larger fractional amounts are the nearest double.
* **Dates** are RFC 3339 date-times in China Standard Time (+08:00); a
  contract period runs from 00:00:00 on its first day to 23:59:59 on its last.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from inspect import isfunction

from procpolicy._ocds._api import ocid, package, record, record_package, releases
from procpolicy._ocds._values import (
    CURRENCY,
    DOCUMENT_TYPES,
    LANGUAGE,
    METHODS,
    VERSION,
)

__all__ = [
    "CURRENCY",
    "DOCUMENT_TYPES",
    "LANGUAGE",
    "METHODS",
    "VERSION",
    "ocid",
    "package",
    "record",
    "record_package",
    "releases",
]

# The public functions live here: autodoc documents them under this module.
for _name in __all__:
    _obj = globals()[_name]
    if isfunction(_obj):
        _obj.__module__ = __name__
del _name, _obj
