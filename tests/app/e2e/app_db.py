"""What a headless app run stored: shared by the e2e scripts in this folder."""
import os
import sqlite3


def stored_messages(data_home):
    """(role, text) of every stored message, in order, under XDG_DATA_HOME data_home ([] without a database)."""
    path = os.path.join(data_home, "peregrine", "peregrine.db")
    if not os.path.exists(path):
        return []
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT role, text FROM messages ORDER BY id").fetchall()
    finally:
        db.close()
