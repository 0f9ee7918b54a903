from counter_tui.cli import main

raise SystemExit(main())
