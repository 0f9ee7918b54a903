"""One module per screen; screen-specific styles live in a .tcss file next to it."""
