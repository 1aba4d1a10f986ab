"""Modules a library imports but blogmigrate never calls, imported when first used instead.

bs4 is imported for its declared-encoding scan alone (`decoding`), and its package imports
soupsieve (CSS selectors for soups: it compiles regexes over large Unicode classes) and
charset_normalizer (statistical guessing, used only with ``--guess-encoding``), together a fifth of
what importing blogmigrate cost.
Inside a `deferred_imports` block, ``import soupsieve`` gives a stand-in module whose first attribute
read imports the real one and forwards to it: bs4 behaves as before (its CSS selectors work, its
guessing finds charset_normalizer), and a run that never uses them never imports them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class DeferredModule(types.ModuleType):
    """Stands for a module not imported yet: the first attribute it lacks (anything but its name
    and spec) imports the real module; that and every later read are forwarded to it."""

    def __getattr__(self, attribute: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:  # the import below must not find the stand-in
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)


@contextmanager
def deferred_imports(*names: str) -> Iterator[None]:
    """While the block runs, ``import name`` gives a `DeferredModule` for each of these top-level
    modules that is installed and not imported yet (a missing one still fails to import, as
    libraries expect). Afterwards the stand-ins leave ``sys.modules``: code imported later
    imports the real modules, and only what the block imported holds stand-ins."""
    installed: dict[str, DeferredModule] = {}
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        module = DeferredModule(name)
        module.__spec__ = spec  # what `import` reads of a module it finds in sys.modules
        installed[name] = sys.modules[name] = module
    try:
        yield
    finally:
        for name, module in installed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
