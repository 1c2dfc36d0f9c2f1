"""``python -m informes_cli``: the same as the ``informes-cli`` command."""

from .principal import main

raise SystemExit(main())
