package dev.cpaconsole.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cpaconsole.keys.core.KeyFilter;
import dev.cpaconsole.keys.core.KeyStatus;
import dev.cpaconsole.keys.core.ManagedKey;
import dev.cpaconsole.keys.core.UnmanagedKey;
import dev.cpaconsole.users.core.User;

/** The demo as the composition root builds it: users who own keys, and one key left unmanaged. */
class DemoCompositionTest {
    @TempDir
    Path demoDir;

    @Test
    void theDemoHasUsersWithKeysInCpaAndOneKeyLeftUnmanaged() {
        try (ConsoleServices demo = ConsoleComposition.demo(demoDir)) {
            AccessServices access = demo.access();

            assertThat(access.users().store().list(false)).extracting(User::name)
                    .containsExactly("alice", "bob", "\u7814\u53d1-\u5f20\u4e09");
            assertThat(access.keys().store().list(KeyFilter.LIVE, 0, 10)).hasSize(3)
                    .allSatisfy(key -> {
                        assertThat(key.status()).isEqualTo(KeyStatus.ACTIVE);
                        assertThat(key.inCpa()).isTrue();
                        assertThat(key.isOutOfSync()).isFalse();
                    });
            assertThat(access.keys().unmanaged()).hasSize(1);
        }
    }

    @Test
    void aLaterDemoPutsTheKeysMadeInAnEarlierOneBackIntoItsFreshCpa() {
        try (ConsoleServices first = ConsoleComposition.demo(demoDir)) {
            assertThat(first.access().users().store().list(false)).hasSize(3);
        }

        try (ConsoleServices second = ConsoleComposition.demo(demoDir)) {
            AccessServices access = second.access();
            assertThat(access.users().store().list(true)).hasSize(3);
            ManagedKey notebook = access.keys().store().list(KeyFilter.LIVE.withText("notebook"), 0, 10).getFirst();
            assertThat(notebook.inCpa()).isTrue();
            assertThat(notebook.isOutOfSync()).isFalse();
            assertThat(access.keys().unmanaged()).extracting(UnmanagedKey::masked).hasSize(1);
        }
    }
}
