"""gunicorn's settings for Luoshi, read from the project's folder (`make run`, the load benchmark, and
a server started there as docs/deploy.md shows). Command-line flags still win."""

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Once the application is loaded in a worker, move everything it holds to the garbage
    collector's permanent generation. Its 220,000-odd objects (Django, the models, the word lists
    of the extraction) live as long as the process, and every full collection traversed them: a
    pause of 96-115 ms, once every dozen or so requests of the coverage page, on whichever request
    triggered it (docs/performance.md, "Python per page")."""
    gc.freeze()
