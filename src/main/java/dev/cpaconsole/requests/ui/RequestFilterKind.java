package dev.cpaconsole.requests.ui;

/** The filters of the requests screen that offer a list of choices. */
public enum RequestFilterKind {
    USER, KEY, PROVIDER, MODEL, ENDPOINT, ACCOUNT, OUTCOME, REASONING_EFFORT, SERVICE_TIER
}
