"""Storage: peewee models, connect(url), the migration runner. Engine specifics live only here."""
