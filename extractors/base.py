"""The extractor contract and the registry that names extractors apart from their classes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from fazhi.records import Document, Fact


@runtime_checkable
class Extractor(Protocol):
    """Turns one Document into facts. Must never raise on any text; must be deterministic."""

    name: str

    def extract(self, doc: Document) -> Iterable[Fact]: ...


REGISTRY: dict[str, Callable[[], Extractor]] = {}


def register(name: str) -> Callable[[Callable[[], Extractor]], Callable[[], Extractor]]:
    """Class decorator: `@register("metrics")` makes the extractor available by that name."""

    def deco(factory: Callable[[], Extractor]) -> Callable[[], Extractor]:
        if name in REGISTRY:
            raise ValueError(f"extractor {name!r} registered twice")
        REGISTRY[name] = factory
        return factory

    return deco
