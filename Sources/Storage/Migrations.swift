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
        migrator.registerMigration("0002_market_data") { db in
            try db.execute(sql: """
                CREATE TABLE tenant (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_ms INTEGER NOT NULL
                ) STRICT;
                INSERT INTO tenant (id, name, created_ms) VALUES (1, 'default', 0);
                CREATE TABLE symbol (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    digits INTEGER NOT NULL
                ) STRICT;
                -- ordinal numbers the ticks of one millisecond in arrival order, so that several
                -- ticks in the same millisecond are all kept and a re-import stores each once.
                CREATE TABLE tick (
                    tenant_id INTEGER NOT NULL,
                    symbol_id INTEGER NOT NULL,
                    time_ms INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    bid REAL NOT NULL,
                    ask REAL NOT NULL,
                    last REAL NOT NULL,
                    volume REAL NOT NULL,
                    flags INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, symbol_id, time_ms, ordinal)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE bar (
                    tenant_id INTEGER NOT NULL,
                    symbol_id INTEGER NOT NULL,
                    timeframe TEXT NOT NULL,
                    open_time_ms INTEGER NOT NULL,
                    open REAL NOT NULL,
                    high REAL NOT NULL,
                    low REAL NOT NULL,
                    close REAL NOT NULL,
                    tick_volume INTEGER NOT NULL,
                    spread INTEGER NOT NULL,
                    real_volume REAL NOT NULL,
                    PRIMARY KEY (tenant_id, symbol_id, timeframe, open_time_ms)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    tenant_id INTEGER NOT NULL,
                    symbol TEXT NOT NULL,
                    code TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    source TEXT NOT NULL,
                    raw TEXT NOT NULL,
                    time_ms INTEGER,
                    recorded_ms INTEGER NOT NULL,
                    UNIQUE (tenant_id, symbol, source, code)
                ) STRICT;
                CREATE INDEX quarantine_by_code ON quarantine(tenant_id, code);
                """)
        }
        migrator.registerMigration("0003_tenant_keys_and_streams") { db in
            try db.execute(sql: """
                ALTER TABLE tenant ADD COLUMN bridge_key_hash TEXT;
                CREATE UNIQUE INDEX tenant_by_key ON tenant(bridge_key_hash) WHERE bridge_key_hash IS NOT NULL;
                -- The highest sequence number stored durably per EA stream (the bridge's WELCOME).
                CREATE TABLE bridge_stream (
                    tenant_id INTEGER NOT NULL,
                    stream_id TEXT NOT NULL,
                    login TEXT NOT NULL,
                    last_seq INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, stream_id)
                ) STRICT, WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("0004_bridge_accounts_and_orders") { db in
            try db.execute(sql: """
                -- The newest ACCOUNT message of each terminal login.
                CREATE TABLE bridge_account (
                    tenant_id INTEGER NOT NULL,
                    login TEXT NOT NULL,
                    currency TEXT NOT NULL,
                    balance REAL NOT NULL,
                    equity REAL NOT NULL,
                    margin REAL NOT NULL,
                    free_margin REAL NOT NULL,
                    leverage INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, login)
                ) STRICT, WITHOUT ROWID;
                -- Orders sent to terminals and their life; (tenant, order_id) makes a resend execute once.
                CREATE TABLE bridge_order (
                    id INTEGER PRIMARY KEY,
                    tenant_id INTEGER NOT NULL,
                    order_id TEXT NOT NULL,
                    login TEXT NOT NULL,
                    action TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL,
                    type TEXT NOT NULL,
                    volume REAL NOT NULL,
                    price REAL NOT NULL,
                    sl REAL NOT NULL,
                    tp REAL NOT NULL,
                    deviation INTEGER NOT NULL,
                    magic INTEGER NOT NULL,
                    comment TEXT NOT NULL,
                    position_ticket INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    sent_ms INTEGER,
                    finished_ms INTEGER,
                    retcode INTEGER,
                    deal_ticket INTEGER,
                    result_position_ticket INTEGER,
                    result_price REAL,
                    result_volume REAL,
                    result_time_ms INTEGER,
                    result_comment TEXT,
                    UNIQUE (tenant_id, order_id)
                ) STRICT;
                """)
        }
        migrator.registerMigration("0005_model_registry") { db in
            try db.execute(sql: """
                -- Trained model versions with what they were made from and their out-of-sample metrics.
                CREATE TABLE model_version (
                    id INTEGER PRIMARY KEY,
                    tenant_id INTEGER NOT NULL,
                    symbol TEXT NOT NULL,
                    timeframe TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    feature_set TEXT NOT NULL,
                    feature_hash TEXT NOT NULL,
                    label TEXT NOT NULL,
                    data_from_ms INTEGER NOT NULL,
                    data_to_ms INTEGER NOT NULL,
                    parameters TEXT NOT NULL,
                    metrics TEXT NOT NULL,
                    parent TEXT,
                    status TEXT NOT NULL,
                    created_ms INTEGER NOT NULL,
                    artifact BLOB NOT NULL
                ) STRICT;
                CREATE INDEX model_version_by_series ON model_version(tenant_id, symbol, timeframe);
                -- At most one champion per (tenant, symbol, timeframe).
                CREATE UNIQUE INDEX model_champion ON model_version(tenant_id, symbol, timeframe) WHERE status = 'champion';
                -- Every change of champion, and every retraining that kept it, with both scores.
                CREATE TABLE model_decision (
                    id INTEGER PRIMARY KEY,
                    tenant_id INTEGER NOT NULL,
                    symbol TEXT NOT NULL,
                    timeframe TEXT NOT NULL,
                    action TEXT NOT NULL,
                    champion TEXT,
                    previous TEXT,
                    challenger TEXT,
                    metric TEXT,
                    champion_score REAL,
                    challenger_score REAL,
                    reason TEXT NOT NULL,
                    at_ms INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX model_decision_by_series ON model_decision(tenant_id, symbol, timeframe);
                """)
        }
    }
}
