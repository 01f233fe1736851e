"""`python -m desktop`: the same as the `siyu` command."""

import sys

from desktop.cli import main

sys.exit(main())
