"""Cluster mode on Kafka: topic administration, the state-side `submit` producer and the faust worker.

- ``streams.admin``: topics (kafka-python admin client) and consumer-group lag;
- ``streams.submit``: validate JSON Lines and produce them, key ``STATE:reference``;
- ``streams.worker``: the faust-streaming app whose agent runs ``detector.processing.process_message``
  on every notification, dead-letters rejections and publishes the store's alert outbox.

Nothing here is wired at import time: every function takes the ``Settings`` it needs.
"""
