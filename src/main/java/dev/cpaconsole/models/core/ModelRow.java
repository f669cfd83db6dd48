package dev.cpaconsole.models.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One model of the inventory.
 *
 * @param id the model id
 * @param ownedBy the vendor, from {@code /v1/models} or else from an auth file's list; may be ""
 * @param displayName a readable name from an auth file's list; may be ""
 * @param inProxyList whether {@code GET /v1/models} listed it; meaningful only when the snapshot's
 *     proxy list was read
 * @param accounts the auth files that list it, by file name
 * @param providers provider ids of those accounts and of the window's usage, sorted
 * @param usage usage events and tokens in the seven days before the refresh
 * @param price the price rule it matches now, or empty when it is unpriced
 */
public record ModelRow(String id, String ownedBy, String displayName, boolean inProxyList,
        List<ServingAccount> accounts, List<String> providers, ModelUsage usage, Optional<ModelPrice> price) {

    public ModelRow {
        Objects.requireNonNull(id, "id");
        accounts = List.copyOf(accounts);
        providers = List.copyOf(providers);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(price, "price");
    }

    ModelRow withPrice(Optional<ModelPrice> newPrice) {
        return new ModelRow(id, ownedBy, displayName, inProxyList, accounts, providers, usage, newPrice);
    }
}
