package dev.cpaconsole.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import org.testfx.util.WaitForAsyncUtils;

/** Reads JavaFX state on the JavaFX thread, where it belongs. */
public final class Fx {
    private Fx() {
    }

    public static <T> T get(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Reading JavaFX state failed", e);
        }
    }
}
