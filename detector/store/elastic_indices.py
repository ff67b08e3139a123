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


class VersionedIndices:
    """The set-up every Elasticsearch adapter shares: a client, aliases under a prefix, its indices.

    Subclasses name their ``mappings`` and ``schema_version``.
    """

    mappings: Mapping[str, dict] = {}
    schema_version: int = 1

    def __init__(self, url: str, prefix: str = "ppd") -> None:
        self.es = Elasticsearch(url, request_timeout=30, retry_on_timeout=True, max_retries=3)
        self.prefix = prefix
        self.ensure_indices()

    def alias(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    def ensure_indices(self) -> None:
        """Create each versioned index and point its alias at it (idempotent, race-safe)."""
        ensure_versioned_indices(self.es, self.alias, self.mappings, self.schema_version)

    def drop_indices(self) -> None:
        """Delete this prefix's indices (tests, and wiping a local cluster store)."""
        drop_versioned_indices(self.es, self.alias, self.mappings, self.schema_version)

    def close(self) -> None:
        self.es.close()
