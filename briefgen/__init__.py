"""briefgen: turn a folder of news articles into a cited, searchable briefing website."""

import os

__version__ = "0.1.0"

# The stages multiply small matrices and already keep every core busy with
# processes: BLAS threads on top only spin and take time from them (the
# briefing stage ran 2.2x slower with OpenBLAS's default threads). Set before
# numpy loads; a value the user set wins.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
