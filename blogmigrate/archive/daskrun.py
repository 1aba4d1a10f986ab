"""The page → records map and the records-by-post merge on Dask (dask.bag on a distributed scheduler).

Workers read the pages themselves, so they must see the same paths as this machine (one machine, or
a shared folder); tar members travel as bytes. Posts come back to this process, which applies feeds
and assets and writes the output exactly as the local run does: the results are identical.
Needs the optional extra ``blogmigrate[dask]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import BlogmigrateError
from ..pipeline import PageResult, PipelineOptions
from . import pickling as _pickling  # noqa: F401  # registers how records are pickled
from .inputs import InputFile, with_payloads
from .merge import Capture, MergedPost, capture_of, merge_captures
from .runner import convert_page

PAGES_PER_PARTITION = 64


def merged_on_dask(
    items: Sequence[InputFile], options: PipelineOptions, address: str
) -> tuple[list[PageResult], list[MergedPost]]:
    """Every page's result and every merged post, both in input order, computed on ``address``."""
    try:
        import dask.bag as dask_bag
        from dask.distributed import Client
    except ImportError as error:
        raise BlogmigrateError("--scheduler needs Dask: pip install 'blogmigrate[dask]'") from error
    indexed = list(enumerate(with_payloads(items)))
    if not indexed:
        return [], []
    partitions = max(1, min(len(indexed), -(-len(indexed) // PAGES_PER_PARTITION)))
    with Client(address, set_as_default=False) as client:
        pages = dask_bag.from_sequence(indexed, npartitions=partitions)
        results = pages.map(_convert_indexed, options)
        captures = results.map(_captures).flatten()
        merged = captures.groupby(_capture_key, shuffle="tasks").map(_merge_group)
        computed = client.compute([results, merged], sync=True)
    page_results: list[tuple[int, PageResult]] = computed[0]
    merged_posts: list[MergedPost] = computed[1]
    page_results.sort(key=lambda pair: pair[0])
    merged_posts.sort(key=lambda post: post.sequence)
    return [result for _, result in page_results], merged_posts


def _convert_indexed(
    pair: tuple[int, InputFile], options: PipelineOptions
) -> tuple[int, PageResult]:
    sequence, item = pair
    return sequence, convert_page(item, options)


def _captures(pair: tuple[int, PageResult]) -> list[Capture]:
    sequence, result = pair
    return [capture_of(post, sequence, result.captured, result.address) for post in result.posts]


def _capture_key(capture: Capture) -> str:
    return capture.key


def _merge_group(group: tuple[str, list[Any]]) -> MergedPost:
    return merge_captures(group[1])
