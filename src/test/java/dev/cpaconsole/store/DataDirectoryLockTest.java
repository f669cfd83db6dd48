package dev.cpaconsole.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {
    @TempDir
    Path dataDir;

    @Test
    void aSecondConsoleIsKeptOffADirectoryInUse() {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dataDir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("Another CPA Console is already collecting into " + dataDir);
        }
    }

    @Test
    void theDirectoryIsFreeAgainOnceReleased() {
        DataDirectoryLock.acquire(dataDir).close();

        try (DataDirectoryLock again = DataDirectoryLock.acquire(dataDir)) {
            assertThat(dataDir.resolve(DataDirectoryLock.FILE_NAME)).exists();
        }
    }
}
