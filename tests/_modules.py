"""Every module of procpolicy, imported once (``tests/conftest.py`` explains why)."""

import importlib
import pkgutil
from types import ModuleType

import procpolicy

MODULES: tuple[ModuleType, ...] = tuple(
    importlib.import_module(info.name)
    for info in pkgutil.walk_packages(procpolicy.__path__, "procpolicy.")
    # ``__main__`` would run the command line.
    if info.name != "procpolicy.__main__"
)
"""Every procpolicy module but ``__main__``, private ones included."""
