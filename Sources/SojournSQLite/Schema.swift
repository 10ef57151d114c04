import GRDB

/// The database schema, created and upgraded by GRDB's migrator: named migrations,
/// registered once, in order. Add a new migration for every change; never edit one that
/// has shipped.
///
/// Dates of cases are whole days stored as integers (days since 1970-01-01); wall-clock
/// times are milliseconds since 1970 in UTC; values (fields, outputs, plugin state,
/// event details) are compact JSON (`PluginValue.jsonText`).
enum Schema {
    /// The last migration this build knows; a database that has one it does not know
    /// was written by a newer Sojourn and is refused.
    static var latest: String { migrator.migrations.last ?? "" }

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
        migrator.registerMigration(v3) { db in
            try db.execute(sql: v3Tables)
            try LegacyCases.migrate(db)
            try db.execute(sql: v3Indexes)
        }
        migrator.registerMigration("v4: why a case ended early; withdrawn messages; grace periods; calendars per phase and step") { db in
            try db.execute(sql: """
                ALTER TABLE cases ADD COLUMN ending TEXT;
                ALTER TABLE outbox ADD COLUMN withdrawn_at INTEGER;
                ALTER TABLE steps ADD COLUMN grace_ended INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE occurrences ADD COLUMN grace_ended INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE case_calendars (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    choice TEXT NOT NULL,
                    calendar_hash TEXT NOT NULL REFERENCES calendars(hash),
                    PRIMARY KEY (case_id, choice)
                ) STRICT, WITHOUT ROWID;
                DROP INDEX cases_by_workflow;
                CREATE INDEX cases_by_workflow ON cases(workflow_hash, state, ending);
                """)
        }
        migrator.registerMigration("v5: cases on hold; roles left vacant") { db in
            try db.execute(sql: """
                ALTER TABLE cases ADD COLUMN held_since INTEGER;
                ALTER TABLE cases ADD COLUMN held_reason TEXT;
                ALTER TABLE cases ADD COLUMN vacant_roles TEXT;
                """)
        }
        migrator.registerMigration("v6: private input, apart from the history") { db in
            try db.execute(sql: """
                CREATE TABLE private_inputs (
                    case_id TEXT NOT NULL REFERENCES cases(id),
                    sequence INTEGER NOT NULL,
                    data TEXT NOT NULL,
                    PRIMARY KEY (case_id, sequence)
                ) STRICT, WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v7: a tamper-evident journal: each event linked to the one before, and a journal head") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN link BLOB;
                CREATE TABLE journal (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    head BLOB NOT NULL,
                    events INTEGER NOT NULL
                ) STRICT;
                DROP TRIGGER events_are_append_only_update;
                """)
            try LegacyJournal.backfill(db)
            try db.execute(sql: """
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                """)
        }
        migrator.registerMigration("v8: events salted, so that one person's values can be erased and the history still verify") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN salt BLOB;
                ALTER TABLE events ADD COLUMN commitment BLOB;
                DROP TRIGGER IF EXISTS events_are_append_only_update;
                """)
            try JournalRelink.relink(db)
            try db.execute(sql: """
                CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                """)
        }
        migrator.registerMigration("v9: delivery of the outbox: Message-ID, attempts, hand-overs, failures") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN message_id TEXT;
                ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;
                ALTER TABLE outbox ADD COLUMN last_error TEXT;
                ALTER TABLE outbox ADD COLUMN handed_over_at INTEGER;
                ALTER TABLE outbox ADD COLUMN failed_at INTEGER;
                """)
        }
        migrator.registerMigration("v10: reminders, digests and invitations in the outbox") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'message';
                ALTER TABLE outbox ADD COLUMN wants_digest INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE outbox ADD COLUMN digest_id INTEGER REFERENCES outbox(id);
                ALTER TABLE outbox ADD COLUMN calendar TEXT;
                ALTER TABLE outbox ADD COLUMN occurrence INTEGER;
                """)
        }
        return migrator
    }

    static let v3 = "v3: cases as rows of phases, steps and occurrences; a timer index; dates as day numbers"

    /// The tables of v3, created beside v2's (`LegacyCases` moves the rows, then v2's
    /// tables are dropped and these renamed). STRICT: a column holds only its type, so
    /// what a case reads back is what it wrote, or the row is refused when written.
    static let v3Tables = """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE workflow_steps (
            workflow_hash TEXT NOT NULL REFERENCES workflows(hash),
            step TEXT NOT NULL,
            position INTEGER NOT NULL,
            uses TEXT NOT NULL,
            owner TEXT,
            title TEXT NOT NULL,
            PRIMARY KEY (workflow_hash, step)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE new_cases (
            id TEXT PRIMARY KEY NOT NULL,
            workflow_hash TEXT NOT NULL REFERENCES workflows(hash),
            calendar_hash TEXT REFERENCES calendars(hash),
            state TEXT NOT NULL,
            label TEXT NOT NULL,
            opened_on INTEGER NOT NULL,
            as_of INTEGER NOT NULL,
            fields TEXT NOT NULL,
            version INTEGER NOT NULL,
            event_count INTEGER NOT NULL,
            case_key TEXT,
            failure TEXT
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE case_people (
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            role TEXT NOT NULL,
            person TEXT NOT NULL,
            email TEXT NOT NULL COLLATE NOCASE,
            PRIMARY KEY (case_id, role)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE phases (
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            phase TEXT NOT NULL,
            state TEXT NOT NULL,
            started INTEGER,
            finished INTEGER,
            next_moment INTEGER,
            PRIMARY KEY (case_id, phase)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE steps (
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            step TEXT NOT NULL,
            state TEXT NOT NULL,
            ready INTEGER,
            started INTEGER,
            due INTEGER,
            finished INTEGER,
            overdue INTEGER NOT NULL,
            next_moment INTEGER,
            prompt TEXT,
            request TEXT,
            wake_up INTEGER,
            failure TEXT,
            skip_reason TEXT,
            reminders_sent TEXT,
            plugin_state TEXT,
            outputs TEXT,
            PRIMARY KEY (case_id, step)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE occurrences (
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            step TEXT NOT NULL,
            number INTEGER NOT NULL,
            date INTEGER NOT NULL,
            due INTEGER NOT NULL,
            state TEXT NOT NULL,
            finished INTEGER,
            postponed_from INTEGER,
            overdue INTEGER NOT NULL,
            skip_reason TEXT,
            prompt TEXT,
            request TEXT,
            reminders_sent TEXT,
            PRIMARY KEY (case_id, step, number)
        ) STRICT, WITHOUT ROWID;
        -- How many open pairings each person has in each role, kept by triggers on
        -- pairings, so matching reads a role's loads in one query.
        CREATE TABLE loads (
            email TEXT NOT NULL COLLATE NOCASE,
            role TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (email, role)
        ) STRICT, WITHOUT ROWID;
        -- Input lines recorded from files (record --from), by a hash of what they say,
        -- so that a file run again records each line once.
        CREATE TABLE recorded_inputs (
            key TEXT PRIMARY KEY NOT NULL,
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            recorded_at INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE new_events (
            id INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            sequence INTEGER NOT NULL,
            kind TEXT NOT NULL,
            on_date INTEGER NOT NULL,
            phase TEXT,
            step TEXT,
            occurrence INTEGER,
            actor TEXT,
            data TEXT NOT NULL,
            recorded_at INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE new_pairings (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            role TEXT NOT NULL,
            email TEXT NOT NULL COLLATE NOCASE,
            employee TEXT NOT NULL COLLATE NOCASE,
            started_on INTEGER NOT NULL,
            ended_on INTEGER
        ) STRICT;
        CREATE TABLE new_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            case_id TEXT NOT NULL REFERENCES new_cases(id),
            step TEXT,
            recipients TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            on_date INTEGER NOT NULL,
            queued_at INTEGER NOT NULL,
            sent_at INTEGER
        ) STRICT;
        """

    /// Indexes and triggers of v3, made once the rows are in.
    static let v3Indexes = """
        CREATE INDEX cases_by_state ON cases(state, id);
        -- Reports: how many cases of each workflow in each state, from the index alone.
        CREATE INDEX cases_by_workflow ON cases(workflow_hash, state);
        CREATE INDEX cases_by_key ON cases(case_key) WHERE case_key IS NOT NULL;
        CREATE INDEX cases_failed ON cases(id) WHERE failure IS NOT NULL;
        CREATE INDEX case_people_by_email ON case_people(email);
        -- The timer index: rows with something to happen by a date.
        CREATE INDEX phases_by_next_moment ON phases(next_moment) WHERE next_moment IS NOT NULL;
        CREATE INDEX steps_by_next_moment ON steps(next_moment) WHERE next_moment IS NOT NULL;
        -- The agenda: what waits for someone.
        CREATE INDEX steps_on_agenda ON steps(case_id) WHERE prompt IS NOT NULL OR state = 'failed';
        CREATE INDEX occurrences_on_agenda ON occurrences(case_id) WHERE prompt IS NOT NULL;
        -- Reports: one step of every case.
        CREATE INDEX steps_by_step ON steps(step, state);
        CREATE UNIQUE INDEX events_by_case ON events(case_id, sequence);
        CREATE INDEX pairings_by_person ON pairings(email, role, ended_on);
        CREATE INDEX pairings_by_case ON pairings(case_id, role, ended_on);
        CREATE INDEX outbox_unsent ON outbox(sent_at, id);
        -- The history is append-only: SQLite itself refuses to change or remove it.
        CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        -- Loads follow pairings.
        INSERT INTO loads (email, role, count) SELECT email, role, COUNT(*) FROM pairings WHERE ended_on IS NULL GROUP BY email, role;
        CREATE TRIGGER pairings_add_load AFTER INSERT ON pairings WHEN NEW.ended_on IS NULL
        BEGIN INSERT INTO loads (email, role, count) VALUES (NEW.email, NEW.role, 1) ON CONFLICT (email, role) DO UPDATE SET count = count + 1; END;
        CREATE TRIGGER pairings_end_load AFTER UPDATE OF ended_on ON pairings WHEN OLD.ended_on IS NULL AND NEW.ended_on IS NOT NULL
        BEGIN UPDATE loads SET count = count - 1 WHERE email = NEW.email AND role = NEW.role; END;
        """
}
