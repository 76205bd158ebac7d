"""One module per CLI command; each has ``NAME``, ``HELP``, ``add_arguments`` and ``run``."""

COMMANDS = ("summary",)
