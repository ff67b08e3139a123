"""Which store a process uses: chosen by settings, built once and passed in."""

from __future__ import annotations

from pathlib import Path

from detector.settings import Settings
from detector.store.base import Store


def open_cluster_store(settings: Settings) -> Store:
    """The shared store of cluster mode: Elasticsearch (PPD_CLUSTER_STORE=elasticsearch, the default),
    or one SQLite file shared by the worker processes on one machine (PPD_CLUSTER_STORE=sqlite)."""
    if settings.cluster_store == "sqlite":
        from detector.store.sqlite import SqliteStore

        if settings.data_dir is None:
            raise ValueError("PPD_CLUSTER_STORE=sqlite needs PPD_DATA_DIR")
        return SqliteStore(Path(settings.data_dir) / "ppd.sqlite3")
    from detector.store.elastic import ElasticStore

    return ElasticStore(settings.elasticsearch_url, settings.index_prefix)
