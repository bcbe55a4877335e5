"""The reading pages: which entries a stream shows, page by page, and answering them fast.

``queries`` builds the streams (published, of a tag, a source, ...) and what they render with,
``pagination`` and ``fragments`` cache page ids, counts and rendered entries under the
stream's version, kept by ``changes``; ``conditional`` answers 304 from that version;
``views`` are the reading pages.
"""
