import sys

from alegra.shell import main

sys.exit(main())
