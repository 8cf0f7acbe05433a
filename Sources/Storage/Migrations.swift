import GRDB

/// The versioned schema of the embedded database, oldest first.
///
/// A migration is never edited once released: a change is a new migration appended here.
enum Migrations {
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("0001_error_occurrences") { db in
            try db.execute(sql: """
                CREATE TABLE error_occurrence (
                    fingerprint TEXT PRIMARY KEY NOT NULL,
                    code TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    first_seen_ms INTEGER NOT NULL,
                    last_seen_ms INTEGER NOT NULL,
                    sample TEXT NOT NULL
                ) STRICT;
                CREATE INDEX error_occurrence_by_code ON error_occurrence(code);
                """)
        }
    }
}
