"""The reading pages: ``queries`` builds the streams; ``pagination`` and ``fragments`` cache
them under the stream's version (``changes``), from which ``conditional`` answers 304."""
