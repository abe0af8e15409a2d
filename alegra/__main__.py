import sys

from alegra.app.entry import main

sys.exit(main())
