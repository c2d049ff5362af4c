"""esda's side of bench/hotspots.py, run with an interpreter that has esda and libpysal.

    ESDA_PYTHON bench/hotspots_esda.py INPUT.npz OUTPUT.npz REPEAT

INPUT holds ``values`` and the links ``sources``, ``targets`` (index pairs, each once).
The binary weights are built from them first, not timed, both as the classic ``W``
and as libpysal's newer ``Graph``; then ``G_Local(values, w, transform="B", star=True,
permutations=0)`` is timed around that call only, best of REPEAT, for each. Writes
``z`` and ``z_graph`` (``Zs``) and prints the versions, the best time with the Graph
and, last, the best time with W, in seconds.
"""

import sys
import time
import warnings

import esda
import libpysal
import numpy as np
from esda.getisord import G_Local
from libpysal.graph import Graph
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
        graph = Graph.from_sparse(adjacency).transform("B")
        results, best = {}, {}
        for name, weights in (("graph", graph), ("w", w)):
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                results[name] = G_Local(values, weights, transform="B", star=True, permutations=0)
                times.append(time.perf_counter() - started)
            best[name] = min(times)
    np.savez(target, z=results["w"].Zs, z_graph=results["graph"].Zs)
    print(f"esda {esda.__version__} libpysal {libpysal.__version__}")
    print(best["graph"])
    print(best["w"])


if __name__ == "__main__":
    main()
