package dev.cpaconsole.models.core;

/**
 * An auth file that lists a model, i.e. an account CPA can route that model's requests through.
 *
 * @param fileName the auth file's name, its primary key in CPA
 * @param account the account's email, or CPA's label when there is no email
 * @param authIndex the id usage events carry for this credential; may be ""
 * @param provider CPA's provider id, e.g. {@code codex}
 */
public record ServingAccount(String fileName, String account, String authIndex, String provider) {

    /** E.g. {@code user@example.com #755481f9d70ed642}; the file name when no account is known. */
    public String describe() {
        String who = account.isEmpty() ? fileName : account;
        return authIndex.isEmpty() ? who : who + " #" + authIndex;
    }
}
