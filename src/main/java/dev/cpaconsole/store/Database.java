package dev.cpaconsole.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The console's SQLite file: opened in WAL mode, migrated on open, and shared by every reader.
 * Writes go through {@link #write(Function)}, which serialises them on one lock so that SQLite
 * never sees two writers (the collector's writer thread is the main one).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    public static final String FILE_NAME = "cpa-console.db";
    private static final int INCREMENTAL = 2;
    /** About 1 GiB of pages of 4 KiB a transaction when giving pages back. */
    private static final long PAGES_FREED_PER_TRANSACTION = 262_144;

    /** Page cache of the writer's connection: the hot pages of every index of a year of events. */
    private static final int WRITER_CACHE_KIB = 64 * 1024;
    /** Pages of write-ahead log after which a commit copies the log into the file. */
    private static final int WRITER_CHECKPOINT_PAGES = 16_384;
    /** Readers map the file instead of copying its pages into a cache of their own. */
    private static final long MMAP_BYTES = 256L * 1024 * 1024;

    private final Path file;
    private final SQLiteDataSource dataSource;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** The connection every write uses, opened on the first; guarded by {@link #writeLock}. */
    private Connection writer;

    private Database(Path file, SQLiteDataSource dataSource) {
        this.file = file;
        this.dataSource = dataSource;
    }

    /** Opens (creating if needed) the database in {@code dataDirectory} and applies migrations. */
    public static Database open(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (java.io.IOException e) {
            throw new StoreException("Cannot create the data directory " + dataDirectory, e);
        }
        Path file = dataDirectory.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(10_000);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // The driver would otherwise run a second query after every INSERT to fetch its row id;
        // inserts that need the id ask for it with RETURNING.
        config.setGetGeneratedKeys(false);
        config.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(MMAP_BYTES));
        // A write transaction takes the write lock when it begins: one that first read and then
        // wrote would fail with SQLITE_BUSY_SNAPSHOT, not wait, when another process (the desktop
        // app beside a command) wrote in between.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        Database database = new Database(file, dataSource);
        if (created) {
            database.useIncrementalVacuum();
        }
        database.migrate();
        return database;
    }

    /**
     * Lets a new file give free pages back one run at a time ({@link #reclaimFreePages()}); SQLite
     * accepts this only before the first table exists.
     */
    private void useIncrementalVacuum() {
        // On a plain connection, before WAL mode writes the file's first page: after that, only a
        // VACUUM changes the setting.
        try (Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             var statement = connection.createStatement()) {
            statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
            statement.execute("PRAGMA journal_mode = WAL");
        } catch (SQLException e) {
            throw new StoreException("Cannot prepare the new database " + file, e);
        }
    }

    private void migrate() {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:dev/cpaconsole/store/migration")
                .cleanDisabled(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database {} migrated to version {}", file, result.targetSchemaVersion);
        }
    }

    /** The first line of a failure's message, for a one-line report; the log has the whole. */
    public static String firstLine(Throwable failure) {
        Throwable shown = failure;
        while (shown.getMessage() == null && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        String cause = shown.getCause() != null && shown.getCause().getMessage() != null
                ? ": " + shown.getCause().getMessage() : "";
        return (message + cause).lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst()
                .orElse(message);
    }

    public Path file() {
        return file;
    }

    /** Runs a read on its own connection. Readers never block the writer in WAL mode. */
    public <T> T read(Function<DSLContext, T> query) {
        try (Connection connection = dataSource.getConnection()) {
            return query.apply(DSL.using(connection, SQLDialect.SQLITE));
        } catch (SQLException e) {
            throw new StoreException("Database read failed", e);
        }
    }

    /**
     * Runs {@code work} in one transaction, serialised with every other write. Writes share one
     * connection that stays open: closing the last connection to a file makes SQLite checkpoint the
     * whole write-ahead log, and a connection per write would do that after every batch, and would
     * start every batch with a cold page cache.
     */
    public <T> T write(Function<DSLContext, T> work) {
        writeLock.lock();
        try {
            return DSL.using(writer(), SQLDialect.SQLITE)
                    .transactionResult(configuration -> work.apply(configuration.dsl()));
        } catch (SQLException e) {
            throw new StoreException("Database write failed", e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Copies the write-ahead log into the database and truncates it, so it does not grow while
     * the console runs for months. Skipped, not waited for, while a reader still needs the log.
     */
    public void checkpoint() {
        try (Connection connection = dataSource.getConnection();
             var statement = connection.createStatement();
             var result = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            if (result.next() && result.getInt(1) != 0) {
                LOG.debug("Checkpoint of {} postponed: the log is in use", file);
            }
        } catch (SQLException e) {
            throw new StoreException("Checkpoint failed", e);
        }
    }

    /**
     * Gives the file's free pages (left by removed events) back to the file system. A file made
     * before incremental vacuum was turned on is rebuilt once by {@code VACUUM} when a quarter or
     * more of it is free, which also turns incremental vacuum on; while that runs every write of
     * this process waits.
     *
     * @return the pages given back
     */
    public long reclaimFreePages() {
        long given = 0;
        while (true) {
            writeLock.lock();
            try (Connection connection = dataSource.getConnection();
                 var statement = connection.createStatement()) {
                long free = pragma(statement, "freelist_count");
                if (free == 0) {
                    break;
                }
                if (pragma(statement, "auto_vacuum") != INCREMENTAL) {
                    if (given > 0 || free * 4 < pragma(statement, "page_count")) {
                        break;
                    }
                    LOG.info("Rebuilding {} to give back {} free pages", file, free);
                    statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
                    statement.execute("VACUUM");
                    given += free - pragma(statement, "freelist_count");
                    break;
                }
                given += freeSomePages(connection, Math.min(free, PAGES_FREED_PER_TRANSACTION));
            } catch (SQLException e) {
                throw new StoreException("Reclaiming free pages failed", e);
            } finally {
                writeLock.unlock();
            }
        }
        if (given > 0) {
            LOG.info("Gave {} free pages of {} back to the file system", given, file);
        }
        return given;
    }

    /**
     * Frees {@code pages} pages in one transaction. SQLite frees one page per step of
     * {@code PRAGMA incremental_vacuum} and a JDBC execution takes one step, so the statement is
     * run once per page; other writers wait only for one such transaction.
     */
    private static long freeSomePages(Connection connection, long pages) throws SQLException {
        connection.setAutoCommit(false);
        try {
            // Closed before the commit, which SQLite refuses while a statement is mid-way.
            try (var step = connection.prepareStatement("PRAGMA incremental_vacuum")) {
                for (long i = 0; i < pages; i++) {
                    step.execute();
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        return pages;
    }

    private static long pragma(java.sql.Statement statement, String name) throws SQLException {
        try (var result = statement.executeQuery("PRAGMA " + name)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private Connection writer() throws SQLException {
        if (writer == null) {
            Connection connection = dataSource.getConnection();
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
                // Checkpoint every 64 MiB of log rather than every 4 MiB: pages that every batch
                // rewrites (the current day's roll-ups) then reach the file once per many batches.
                statement.execute("PRAGMA wal_autocheckpoint = " + WRITER_CHECKPOINT_PAGES);
            }
            writer = connection;
        }
        return writer;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        } catch (SQLException e) {
            LOG.warn("Closing the writer's connection failed for {}", file, e);
        } finally {
            writeLock.unlock();
        }
        // Checkpoint so the WAL file does not outlive the app.
        try (Connection connection = dataSource.getConnection();
             var statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("Checkpoint on close failed for {}", file, e);
        }
    }
}
