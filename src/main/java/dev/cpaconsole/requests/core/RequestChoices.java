package dev.cpaconsole.requests.core;

import java.util.List;

/**
 * What the filters of the requests list offer, read from the small tables that are kept as
 * events are stored (users, managed keys, credentials and the values seen per kind), never from
 * the events themselves.
 *
 * @param users every user, deleted ones included, by name
 * @param keys every managed key, labelled with its name, description and owner
 * @param providers providers seen in events
 * @param models upstream models and aliases seen in events
 * @param endpoints endpoints seen in events
 * @param accounts credentials by {@code auth_index}, labelled with their source
 * @param statusCodes status codes seen in events, ascending
 * @param reasoningEfforts reasoning efforts seen in events, "" among them when some had none
 * @param serviceTiers service tiers seen in events, "" among them when some had none
 */
public record RequestChoices(List<FilterChoice> users, List<FilterChoice> keys, List<FilterChoice> providers,
        List<FilterChoice> models, List<FilterChoice> endpoints, List<FilterChoice> accounts,
        List<FilterChoice> statusCodes, List<FilterChoice> reasoningEfforts, List<FilterChoice> serviceTiers) {
    public static final RequestChoices NONE = new RequestChoices(List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of(), List.of());

    public RequestChoices {
        users = List.copyOf(users);
        keys = List.copyOf(keys);
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        endpoints = List.copyOf(endpoints);
        accounts = List.copyOf(accounts);
        statusCodes = List.copyOf(statusCodes);
        reasoningEfforts = List.copyOf(reasoningEfforts);
        serviceTiers = List.copyOf(serviceTiers);
    }
}
