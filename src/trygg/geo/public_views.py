"""Public geo files: the self-hosted base map (one PMTiles file) for every map."""

import logging
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

# PMTiles readers ask for byte ranges ("bytes=0-16383"); one range per request.
RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")

logger = logging.getLogger(__name__)


@require_GET
def base_map_tiles(request: HttpRequest) -> HttpResponse:
    """``TRYGG_BASEMAP_PMTILES`` as is, or the one byte range the Range header asks for.

    404 when no file is configured or the configured one cannot be read (logged as a
    warning: the maps then draw without it); 416 for a range outside the file.
    """
    if not settings.TRYGG_BASEMAP_PMTILES:
        raise Http404("No base map is configured.")
    path = Path(settings.TRYGG_BASEMAP_PMTILES)
    try:
        size = path.stat().st_size
    except OSError as error:
        logger.warning("TRYGG_BASEMAP_PMTILES cannot be read (%s): %s", path, error.strerror)
        raise Http404("The base map file is missing.") from error
    match = RANGE.match(request.headers.get("Range", ""))
    if not match:
        response = FileResponse(path.open("rb"), content_type="application/octet-stream")
        response["Accept-Ranges"] = "bytes"
        return response
    start = int(match.group(1))
    end = min(int(match.group(2)) if match.group(2) else size - 1, size - 1)
    if start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with path.open("rb") as file:
        file.seek(start)
        body = file.read(end - start + 1)
    response = HttpResponse(body, status=206, content_type="application/octet-stream")
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "public, max-age=86400"
    return response
