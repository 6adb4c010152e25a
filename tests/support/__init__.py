"""Test infrastructure: a real temporary PostgreSQL server and a real Streamlit server.

See docs/testing-infra.md. Nothing here is imported eagerly, so importing
``tests.support.appserver`` does not need psycopg.
"""
