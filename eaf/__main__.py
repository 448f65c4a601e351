"""`python -m eaf` runs the command line."""

from eaf.cli import main

main()
