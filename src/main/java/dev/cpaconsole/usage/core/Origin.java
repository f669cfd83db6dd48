package dev.cpaconsole.usage.core;

/** How a usage item reached the console; stored with every event and quarantined item. */
public enum Origin {
    HTTP_QUEUE("http-queue"),
    RESP_SUBSCRIBE("resp-subscribe"),
    RESP_POP("resp-pop"),
    IMPORT("import");

    private final String code;

    Origin(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
