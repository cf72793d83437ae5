"""Layout stage: pure geometry, text fitting, handwriting and addressing, in points."""
