"""Offline-only Alembic environment for the fixture.

PowerDNS-Admin's own env.py takes the URL and metadata from its Flask
application; the import only needs Alembic's offline mode (--sql), so
this one configures the URL of alembic.ini and runs the migrations."""
from alembic import context

context.configure(url=context.config.get_main_option("sqlalchemy.url"))

with context.begin_transaction():
    context.run_migrations()
