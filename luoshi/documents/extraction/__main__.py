"""Command line: write the evaluation's prediction files for some documents.

    python -m luoshi.documents.extraction --out PRED_DIR DOC [DOC ...]

Each DOC is read with :func:`read_document`, extracted with :func:`extract` and written as
``PRED_DIR/<doc stem>.json`` in the scorer's format (shared/eval/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .evaluation import to_eval_json
from .pipeline import extract
from .reading import ReadError, read_document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m luoshi.documents.extraction",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the prediction files")
    parser.add_argument("documents", type=Path, nargs="+")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.documents:
        try:
            source = read_document(path.read_bytes(), path.name)
        except ReadError as error:
            print(error.message_zh, file=sys.stderr)
            failed += 1
            continue
        result = to_eval_json(extract(source.text), path.name)
        target = args.out / f"{path.stem}.json"
        target.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
