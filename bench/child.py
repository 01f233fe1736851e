"""Entry point of a measured child process: `python -m bench.child module:function '<json>'`.

Kept tiny (json, importlib, sys) so it adds next to nothing to the start-up being measured;
the function imports Qt and the app itself and returns a JSON-able dict, printed on one
marked line that the parent picks out of whatever else the app writes to stdout.
"""

import importlib
import json
import sys

RESULT_MARK = "BENCH-RESULT "


def main() -> None:
    target, kwargs = sys.argv[1], json.loads(sys.argv[2])
    module_name, function_name = target.split(":")
    result = getattr(importlib.import_module(module_name), function_name)(**kwargs)
    sys.stdout.write(RESULT_MARK + json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
