"""How records are pickled: worker processes send them to the main process, the merge's group store
spools them to disk, Dask moves them between machines. Importing this module registers the reducers.

Records are frozen, slotted dataclasses. Pickle's default for those goes through the dataclass's own
``__getstate__``, which calls ``dataclasses.fields()`` for every object: a page of 400 comments pickles
~1 000 small records, and that call was half of the pickling time. The reducers below read the field
values with one precomputed ``attrgetter`` and rebuild the record the way dataclasses' own
``__setstate__`` does (``object.__setattr__`` on a new instance, no ``__init__``), so the bytes
unpickle to equal records.
"""

from __future__ import annotations

import copyreg
import dataclasses
import operator
from collections.abc import Callable, Iterable
from types import MappingProxyType
from typing import Any

from ..errors import PageWarning
from ..model import Comment, Image, Person, Post, Site
from ..report import PageReport
from .feeds import FeedEntry
from .inputs import InputFile
from .merge import Capture

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
"""The fields of each registered record class, in order: `_rebuild_record` sets them from the values."""
_set_field = object.__setattr__  # frozen dataclasses refuse their own __setattr__


def _rebuild_record(kind: type, values: tuple[Any, ...]) -> Any:
    record: Any = object.__new__(kind)
    for name, value in zip(_FIELD_NAMES[kind], values, strict=True):
        _set_field(record, name, value)
    return record


def _record_reducer(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    names = tuple(field.name for field in dataclasses.fields(kind))
    _FIELD_NAMES[kind] = names
    read = operator.attrgetter(*names)
    if len(names) == 1:  # attrgetter of one name returns the bare value, not a tuple

        def reduce_one(record: Any) -> tuple[Any, ...]:
            return _rebuild_record, (kind, (read(record),))

        return reduce_one

    def reduce(record: Any) -> tuple[Any, ...]:
        return _rebuild_record, (kind, read(record))

    return reduce


def _mapping_proxy(data: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(data)


def _reduce_mapping_proxy(proxy: MappingProxyType[str, Any]) -> tuple[Any, tuple[dict[str, Any]]]:
    return _mapping_proxy, (dict(proxy),)


RECORD_CLASSES: tuple[type, ...] = (
    Person,
    Image,
    Comment,
    Post,
    Site,
    FeedEntry,
    Capture,
    PageReport,
    PageWarning,
    InputFile,
)
"""The records that cross processes in numbers (one Person and one Comment per comment; a page to
convert and its report for every page)."""


def register(kind: type) -> None:
    """Pickle the dataclass ``kind`` through its fields, as the `RECORD_CLASSES` are."""
    copyreg.pickle(kind, _record_reducer(kind))


def register_all(kinds: Iterable[type]) -> None:
    """`register` each of the dataclasses not registered yet (nothing to do when all are)."""
    for kind in kinds:
        if kind not in _FIELD_NAMES:
            register(kind)


# Records keep their `extra` in a read-only MappingProxyType, which pickle cannot handle by itself.
copyreg.pickle(MappingProxyType, _reduce_mapping_proxy)
for _kind in RECORD_CLASSES:
    register(_kind)
