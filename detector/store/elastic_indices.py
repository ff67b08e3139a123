"""Versioned indices behind aliases, shared by every Elasticsearch adapter of the project.

Readers and writers use the alias (``<prefix>-<name>``); the index behind it is
``<alias>-v<version>``, so a mapping change can be rolled out as a new index and an alias swap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from elasticsearch import Elasticsearch


def ensure_versioned_indices(es: Elasticsearch, alias_of: Callable[[str], str], mappings: Mapping[str, dict],
                             version: int) -> None:
    """Create each missing index with its alias (idempotent, safe when processes race)."""
    for name, properties in mappings.items():
        alias = alias_of(name)
        if es.indices.exists_alias(name=alias):
            continue
        index = f"{alias}-v{version}"
        try:
            es.indices.create(index=index, settings={"number_of_shards": 1, "number_of_replicas": 0},
                              mappings={"dynamic": False, "properties": properties}, aliases={alias: {}})
        except Exception as exc:  # another process won the race: fine if the alias now exists
            if not es.indices.exists_alias(name=alias):
                raise RuntimeError(f"cannot create index {index}: {exc}") from exc


def drop_versioned_indices(es: Elasticsearch, alias_of: Callable[[str], str], mappings: Mapping[str, dict],
                           version: int) -> None:
    for name in mappings:
        es.indices.delete(index=f"{alias_of(name)}-v{version}", ignore_unavailable=True)
