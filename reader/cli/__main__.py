"""`python -m reader.cli`: the same as the `epireader` command."""

import sys

from reader.cli.main import main

sys.exit(main())
