#!/usr/bin/env python3
"""Writes docs/api-examples.json from the responses the integration tests captured.

Usage: collect_api_examples.py CAPTURE_DIR OUT_JSON
The OpenAPI document embeds these as response examples; the ctest
`docs.openapi_examples` fails when they drift from what the server really returns.
"""
import json
import pathlib
import sys


def main(capture_dir: str, out: str) -> int:
    examples = {}
    for path in sorted(pathlib.Path(capture_dir).glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        examples[record["key"]] = record["body"]
    if not examples:
        print(f"no captured responses in {capture_dir}: run `make test` first", file=sys.stderr)
        return 1
    pathlib.Path(out).write_text(json.dumps(examples, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                 encoding="utf-8")
    print(f"wrote {len(examples)} examples to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
