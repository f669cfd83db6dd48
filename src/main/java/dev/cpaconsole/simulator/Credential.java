package dev.cpaconsole.simulator;

import java.util.List;

/**
 * One upstream credential as the traffic generator sees it: an auth file or a config api-key.
 *
 * @param authIndex the credential's {@code auth_index}
 * @param provider executor id written into records ({@code codex}, {@code claude} …)
 * @param source the record's {@code source}: e-mail for OAuth, the key itself for api-keys
 * @param authType {@code oauth} or {@code apikey}
 * @param accessToken token whose SHA-256 goes into {@code access_token_sha256}, or {@code ""}
 * @param models models this credential serves
 */
record Credential(String authIndex, String provider, String source, String authType, String accessToken,
        List<ModelCatalog.Model> models) {
}
