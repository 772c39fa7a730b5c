"""`python -m pulsestage` runs the command-line interface."""

from pulsestage.cli import main

raise SystemExit(main())
