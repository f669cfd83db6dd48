package dev.cpaconsole.usage.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Everything a database file holds, as text, for tests that prove what never reaches it. */
public final class DatabaseContents {

    private DatabaseContents() {
    }

    /** Every value of every column of every table, rendered as text (blobs decoded as UTF-8). */
    public static List<String> allValues(Path databaseFile) {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databaseFile);
             Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object value = rs.getObject(i);
                            if (value instanceof byte[] bytes) {
                                values.add(new String(bytes, StandardCharsets.UTF_8));
                            } else if (value != null) {
                                values.add(value.toString());
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return values;
    }

    /** The bytes of the database file and its write-ahead log, as Latin-1 text so any byte sequence survives. */
    public static String rawFiles(Path databaseFile) {
        StringBuilder text = new StringBuilder();
        for (String suffix : new String[] {"", "-wal", "-journal"}) {
            Path file = databaseFile.resolveSibling(databaseFile.getFileName() + suffix);
            try {
                if (Files.exists(file)) {
                    text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text.toString();
    }
}
