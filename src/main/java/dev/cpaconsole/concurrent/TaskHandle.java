package dev.cpaconsole.concurrent;

/** A submitted background task. */
public interface TaskHandle {
    /** A handle for work that has already finished or never ran. */
    TaskHandle DONE = new TaskHandle() {
        @Override
        public void cancel() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /**
     * Cancels the task: it is interrupted if running, and neither of its callbacks is called
     * after this returns. Cancelling a finished task does nothing.
     */
    void cancel();

    boolean isCancelled();
}
