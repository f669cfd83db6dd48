package dev.cpaconsole.cpa;

import java.time.Instant;

/**
 * One model of CPA's proxy list, {@code GET /v1/models}. The list is the same for every client
 * key: the models of the credentials CPA has registered now.
 *
 * @param id the model id clients ask for
 * @param ownedBy the vendor CPA names ({@code openai}, {@code anthropic}...), "" when unknown
 * @param created when the vendor published the model, or null when CPA does not know
 */
public record ProxyModel(String id, String ownedBy, Instant created) {
}
