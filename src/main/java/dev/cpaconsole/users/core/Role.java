package dev.cpaconsole.users.core;

import java.util.Locale;

/** What a user may do: admins manage everyone's keys, users only their own on the LAN page. */
public enum Role {
    ADMIN("admin"),
    USER("user");

    private final String code;

    Role(String code) {
        this.code = code;
    }

    /** The stored and printed form, {@code admin} or {@code user}. */
    public String code() {
        return code;
    }

    /** The role named {@code code}, in any case. */
    public static Role of(String code) {
        for (Role role : values()) {
            if (role.code.equals(code.strip().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("role must be admin or user, not '" + code + "'");
    }
}
