"""Point → area lookup, vectorised over shapely's STRtree; pure (no Django).

Build an ``AreaIndex`` once for a municipality (see ``selectors.area_index``) and
locate a whole batch of incidents or place marks in one call.
"""

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

NO_AREA = -1


class AreaIndex:
    """A spatial index over areas, answering "which area is each point in?"."""

    def __init__(self, areas: Iterable[tuple[int, Mapping[str, Any] | BaseGeometry]]):
        """Takes ``(area id, geometry)`` pairs; a geometry is GeoJSON or shapely."""
        ids: list[int] = []
        geometries: list[BaseGeometry] = []
        for area_id, geometry in areas:
            ids.append(int(area_id))
            geometries.append(geometry if isinstance(geometry, BaseGeometry) else shape(geometry))
        self._ids = np.array(ids, dtype=np.int64)
        self._tree = shapely.STRtree(geometries)

    def __len__(self) -> int:
        return len(self._ids)

    def locate(self, longitudes: npt.ArrayLike, latitudes: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The id of the area each point lies in.

        Takes longitudes and latitudes (WGS 84 degrees) of the same shape and returns
        an ``int64`` array of that shape: the area id, or ``NO_AREA`` (-1) where the
        point is in no area or has a missing coordinate. A point on the shared border
        of two areas goes to the one with the smaller id, so the answer is stable.
        """
        longitudes, latitudes = np.broadcast_arrays(
            np.asarray(longitudes, dtype=float), np.asarray(latitudes, dtype=float)
        )
        located = np.full(longitudes.size, NO_AREA, dtype=np.int64)
        if len(self._ids) and longitudes.size:
            points = shapely.points(longitudes.ravel(), latitudes.ravel())
            point_index, tree_index = self._tree.query(points, predicate="intersects")
            area_ids = self._ids[tree_index]
            # Sort the hits by point, then by area id, and keep each point's first hit.
            order = np.lexsort((area_ids, point_index))
            point_index, area_ids = point_index[order], area_ids[order]
            first = np.unique(point_index, return_index=True)[1]
            located[point_index[first]] = area_ids[first]
        return located.reshape(longitudes.shape)
