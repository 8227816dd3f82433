"""nabb: balance the Dutch biobased building chain (Nationale Aanpak Biobased Bouwen)."""
import os as _os

# One BLAS thread unless the user says otherwise.  nabb's numpy work is small (rank
# correlations of ~100 inputs, LP data vectors); on busy cores OpenBLAS's per-call threads
# wait on each other and a 1,000 x 100 least-squares fit took 20x longer (docs/uncertainty.md).
# Set before numpy is first imported; the LP solver (HiGHS) has its own threads option.
for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    _os.environ.setdefault(_var, "1")

__version__ = "0.1.0"
