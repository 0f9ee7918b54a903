"""The hall's ticket queue (排队叫号, docs/rules.md §24): taking a ticket at the kiosk
(``taking``), the window's calls (``calling``) and what follows a call (``serving``), what
the calling display and the receipt read (``reading``); ``moves`` is what they share."""
