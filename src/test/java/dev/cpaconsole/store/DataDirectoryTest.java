package dev.cpaconsole.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    private static final Path HOME = Path.of("/home/ops");

    @Test
    void anExplicitDirectoryWinsOverTheEnvironment() {
        Path resolved = DataDirectory.resolve(Path.of("/srv/console"),
                Map.of(DataDirectory.ENVIRONMENT_VARIABLE, "/elsewhere"), "Linux", HOME);

        assertThat(resolved).isEqualTo(Path.of("/srv/console"));
    }

    @Test
    void theEnvironmentVariableWinsOverThePlatformDefault() {
        Path resolved = DataDirectory.resolve(null, Map.of(DataDirectory.ENVIRONMENT_VARIABLE, "/var/lib/cpa"),
                "Linux", HOME);

        assertThat(resolved).isEqualTo(Path.of("/var/lib/cpa"));
    }

    @Test
    void linuxFollowsTheXdgDataHome() {
        assertThat(DataDirectory.resolve(null, Map.of(), "Linux", HOME))
                .isEqualTo(Path.of("/home/ops/.local/share/cpa-console"));
        assertThat(DataDirectory.resolve(null, Map.of("XDG_DATA_HOME", "/data/xdg"), "Linux", HOME))
                .isEqualTo(Path.of("/data/xdg/cpa-console"));
    }

    @Test
    void macOsAndWindowsUseTheirApplicationFolders() {
        assertThat(DataDirectory.resolve(null, Map.of(), "Mac OS X", HOME))
                .isEqualTo(Path.of("/home/ops/Library/Application Support/CPA Console"));
        assertThat(DataDirectory.resolve(null, Map.of("APPDATA", "/users/ops/AppData/Roaming"), "Windows 11", HOME))
                .isEqualTo(Path.of("/users/ops/AppData/Roaming/CPA Console"));
    }

    @Test
    void theDemoKeepsItsHistoryBesideTheConsolesOwn() {
        assertThat(DataDirectory.besideForDemo(Path.of("/srv/console"))).isEqualTo(Path.of("/srv/console-demo"));
        assertThat(DataDirectory.demo(Path.of("/tmp/explicit-demo"))).isEqualTo(Path.of("/tmp/explicit-demo"));
    }
}
