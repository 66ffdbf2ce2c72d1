"""``python -m zolicht.cli``: the console script, for a process of its own."""

from zolicht.cli import main

main()
