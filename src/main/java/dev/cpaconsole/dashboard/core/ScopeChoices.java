package dev.cpaconsole.dashboard.core;

import java.util.List;

/**
 * What the scope pickers offer, read from small tables (users, managed keys, the filter values and
 * credentials kept as events are stored), never from the events.
 *
 * @param users every user, deleted ones included, by name
 * @param keys every managed key, by owner and name
 * @param models every upstream model and alias seen
 * @param providers every provider seen
 * @param accounts every account (auth file) seen
 */
public record ScopeChoices(List<ScopePick> users, List<ScopePick> keys, List<String> models, List<String> providers,
        List<ScopePick> accounts) {
    public static final ScopeChoices NONE = new ScopeChoices(List.of(), List.of(), List.of(), List.of(), List.of());

    public ScopeChoices {
        users = List.copyOf(users);
        keys = List.copyOf(keys);
        models = List.copyOf(models);
        providers = List.copyOf(providers);
        accounts = List.copyOf(accounts);
    }
}
