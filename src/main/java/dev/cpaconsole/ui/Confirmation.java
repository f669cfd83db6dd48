package dev.cpaconsole.ui;

import java.util.Objects;

/**
 * A question a view model asks before it goes on: the view shows it and passes the answer back.
 *
 * @param headline the question, e.g. "Remove CPA's last client key?"
 * @param message what a yes means, in a sentence or two
 * @param confirmed what happens on a yes
 */
public record Confirmation(String headline, String message, Runnable confirmed) {
    public Confirmation {
        Objects.requireNonNull(headline, "headline");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(confirmed, "confirmed");
    }

    /**
     * The question before an action that would leave CPA without client keys.
     *
     * @param action what would remove the key, e.g. "Revoking key 12 sk-Ab…9xQz"
     */
    public static Confirmation lastClientKey(String action, Runnable confirmed) {
        return new Confirmation("Remove CPA's last client key?", action + " leaves CPA without client keys. "
                + "CPA then accepts every request on its proxy API without a key, from anyone who can reach it.",
                confirmed);
    }
}
