"""The long fuzz run: every property test and the schemathesis API fuzzer
with many generated inputs, and the total that were actually tried.

    .venv/bin/python bench/fuzz.py [--examples 1200]

The normal test suite runs the same tests with a few dozen inputs each.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ["tests/test_parser_properties.py", "tests/test_search_properties.py", "tests/test_fuzz_properties.py",
         "tests/test_fuzz_api.py"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=1200, help="inputs per property / per API operation")
    args = parser.parse_args()
    env = {**os.environ, "FUZZ_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--hypothesis-show-statistics", *TESTS], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    output = result.stdout + result.stderr
    tried = 0
    per_test: dict[str, int] = {}
    current = ""
    for line in output.splitlines():
        header = re.match(r"^(tests/\S+):\s*$", line.strip())
        if header:
            current = header.group(1)
        found = re.search(r"(\d+) passing, (\d+) failing", line)
        if found and current:
            count = int(found.group(1)) + int(found.group(2))
            tried += count
            per_test[current] = per_test.get(current, 0) + count
    summary = next((line for line in reversed(output.splitlines()) if re.search(r"passed|failed", line)), "")
    for name, count in per_test.items():
        print(f"{count:>7}  {name}")
    print(f"total generated inputs tried: {tried} (target ≥ 10,000) in {elapsed:.0f} s; pytest: {summary.strip()}")
    if result.returncode:
        print(output[-4000:])
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
