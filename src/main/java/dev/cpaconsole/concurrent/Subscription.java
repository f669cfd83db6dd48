package dev.cpaconsole.concurrent;

/** A registered listener; closing it stops further notifications. Closing twice does nothing. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
