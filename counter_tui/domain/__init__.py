"""Pure rules of the counter: no database, no interface, no project imports outside domain/."""
