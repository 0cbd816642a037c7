"""Where the evaluation material lives: ``shared/`` beside the repository.

``LUOSHI_SHARED_DIR`` points elsewhere when the repository is checked out away from it.
"""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[4]
SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR") or REPOSITORY.parent / "shared")
