"""The ingest stage: files and folders of news read into Documents."""
