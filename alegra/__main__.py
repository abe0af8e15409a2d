import sys

from alegra.cli import main

sys.exit(main())
