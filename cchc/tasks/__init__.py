"""Plan task tables: deadlines, occurrences, status, completions (the API is in board.py)."""

from cchc.tasks.board import *  # noqa: F403
from cchc.tasks.board import __all__  # noqa: F401
