"""esda's side of bench/hotspots.py, run with an interpreter that has esda and libpysal.

    ESDA_PYTHON bench/hotspots_esda.py INPUT.npz OUTPUT.npz REPEAT

INPUT holds ``values`` and the links ``sources``, ``targets`` (index pairs, each once).
The binary W is built from them first, not timed; then ``G_Local(values, w,
transform="B", star=True, permutations=0)`` is timed around that call only, best of
REPEAT. Writes ``z`` (``Zs``) and prints the best time in seconds and the versions.
"""

import sys
import time
import warnings

import esda
import libpysal
import numpy as np
from esda.getisord import G_Local
from libpysal.weights import W
from scipy import sparse


def main() -> None:
    source, target, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
    data = np.load(source)
    values = data["values"]
    n = values.size
    rows = np.concatenate([data["sources"], data["targets"]])
    columns = np.concatenate([data["targets"], data["sources"]])
    adjacency = sparse.csr_matrix((np.ones(rows.size), (rows, columns)), shape=(n, n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = W.from_sparse(adjacency)
        w.transform = "B"
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = G_Local(values, w, transform="B", star=True, permutations=0)
            times.append(time.perf_counter() - started)
    np.savez(target, z=result.Zs)
    print(f"esda {esda.__version__} libpysal {libpysal.__version__}")
    print(min(times))


if __name__ == "__main__":
    main()
