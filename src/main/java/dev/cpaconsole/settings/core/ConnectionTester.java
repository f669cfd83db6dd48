package dev.cpaconsole.settings.core;

/**
 * Checks that the console can talk to a CPA with a management key, without consuming any usage
 * events. Blocks while it talks to CPA: call it on a background task.
 */
@FunctionalInterface
public interface ConnectionTester {
    /**
     * @param cpaUrl CPA's base URL as the operator typed it
     * @param managementKey the plaintext management key, never logged
     * @return what CPA answered, or a short actionable description of what went wrong
     */
    ConnectionTestResult test(String cpaUrl, String managementKey);
}
