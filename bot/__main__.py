"""`python -m bot` is the same CLI as `tunghang`."""

import sys

from bot.cli import main

sys.exit(main())
