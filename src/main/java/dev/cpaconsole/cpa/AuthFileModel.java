package dev.cpaconsole.cpa;

/**
 * One model that an auth file serves, from {@code GET /auth-files/models}. Text CPA does not send
 * is "".
 *
 * @param id the model id
 * @param displayName a readable name such as {@code GPT 5.4}
 * @param type the model family CPA files it under ({@code openai}, {@code claude}...)
 * @param ownedBy the vendor
 */
public record AuthFileModel(String id, String displayName, String type, String ownedBy) {
}
