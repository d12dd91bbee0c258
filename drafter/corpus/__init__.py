"""corpus stage: the editions on disk and the one store of what drafter knows about them.

- ``folder``: the corpus folder (one sub-folder per series), loading it with a parse function,
  adding an edition (under the corpus lock);
- ``scan``: the one scanner of the series folders and the one fingerprint of the parsing code;
- ``db``: the store's SQLite file (files, parses, series summaries, editions, paragraphs with
  FTS5), checksummed entries, read-only when it cannot be written;
- ``indexing``: bringing the store up to date (workers via :mod:`drafter.parallel`);
- ``summary``: a series' summary, and a Series back from it;
- ``cache``: the answers: ``load_corpus``, ``load_series``, ``cached_parse``.
"""
