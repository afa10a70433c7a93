"""``python -m handbook.writing.review [source] [--today YYYY-MM-DD]``: the review report."""

import sys

from .pages import main

sys.exit(main())
