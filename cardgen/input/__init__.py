"""Input stage: files on disk → the model (YAML, fonts, catalogues), read safely."""
