"""Layout stage: pure geometry, text fitting, handwriting and addressing, in points."""

import os

# numpy (first loaded by a layout module) starts a BLAS thread per core when it loads,
# a twentieth of a second of CPU a run; every array here is small, so one thread does.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
