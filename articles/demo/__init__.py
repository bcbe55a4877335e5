"""The demo press review: TOML files and ``loader``, which loads them idempotently."""
