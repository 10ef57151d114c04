import GRDB

/// The database schema, created and upgraded by GRDB's migrator: named migrations,
/// registered once, in order. Add a new migration for every change; never edit one that
/// has shipped.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: workflows, calendars, cases, events, agenda") { db in
            try db.execute(sql: """
                CREATE TABLE workflows (
                    hash TEXT PRIMARY KEY NOT NULL,
                    workflow_id TEXT NOT NULL,
                    version INTEGER,
                    path TEXT NOT NULL,
                    source TEXT NOT NULL
                );
                CREATE TABLE calendars (
                    hash TEXT PRIMARY KEY NOT NULL,
                    country TEXT NOT NULL,
                    data TEXT NOT NULL
                );
                CREATE TABLE cases (
                    id TEXT PRIMARY KEY NOT NULL,
                    workflow_hash TEXT NOT NULL REFERENCES workflows(hash),
                    calendar_hash TEXT REFERENCES calendars(hash),
                    state TEXT NOT NULL,
                    label TEXT NOT NULL,
                    opened_on TEXT NOT NULL,
                    as_of TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    people TEXT NOT NULL,
                    progress TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    event_count INTEGER NOT NULL,
                    wake_on TEXT
                );
                CREATE INDEX cases_by_state ON cases(state, id);
                CREATE INDEX cases_by_wake ON cases(state, wake_on);
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    sequence INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    on_date TEXT NOT NULL,
                    phase TEXT,
                    step TEXT,
                    occurrence INTEGER,
                    actor TEXT,
                    data TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    UNIQUE (case_id, sequence)
                );
                -- The history is append-only: SQLite itself refuses to change or remove it.
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                CREATE TABLE agenda (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    step TEXT NOT NULL,
                    occurrence INTEGER NOT NULL,
                    case_label TEXT NOT NULL,
                    title TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    owner_role TEXT,
                    owner_person TEXT,
                    due TEXT,
                    prompt TEXT NOT NULL,
                    PRIMARY KEY (case_id, step, occurrence)
                );
                CREATE INDEX agenda_by_due ON agenda(due);
                """)
        }
        migrator.registerMigration("v2: roster, pairings, outbox") { db in
            try db.execute(sql: """
                CREATE TABLE people (
                    email TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                    name TEXT NOT NULL,
                    data TEXT NOT NULL,
                    active INTEGER NOT NULL
                );
                CREATE TABLE pairings (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    role TEXT NOT NULL,
                    email TEXT NOT NULL COLLATE NOCASE,
                    employee TEXT NOT NULL COLLATE NOCASE,
                    started_on TEXT NOT NULL,
                    ended_on TEXT
                );
                CREATE INDEX pairings_by_person ON pairings(email, role, ended_on);
                CREATE INDEX pairings_by_case ON pairings(case_id, role, ended_on);
                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    step TEXT,
                    recipients TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    on_date TEXT NOT NULL,
                    queued_at TEXT NOT NULL,
                    sent_at TEXT
                );
                CREATE INDEX outbox_unsent ON outbox(sent_at, id);
                """)
        }
        return migrator
    }
}
