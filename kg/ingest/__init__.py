"""Stage 1, ingest: files and folders of news read into Documents."""
