package dev.cpaconsole.usage.core;

import static dev.cpaconsole.store.schema.Tables.USAGE_EVENT;

import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;

/**
 * Which events a statistic counts, beyond its time range.
 *
 * @param clientKeyIds only events of these client keys (rows of {@code client_key}, for example
 *     every value of a managed key or of a user's keys); null for events of any key or none
 * @param model only events whose upstream model or alias is this; null for any
 */
public record UsageScope(List<Long> clientKeyIds, String model) {
    /** Every event. */
    public static final UsageScope ALL = new UsageScope(null, null);

    public UsageScope {
        clientKeyIds = clientKeyIds == null ? null : List.copyOf(clientKeyIds);
    }

    /** The condition on {@code usage_event} that selects these events. */
    public Condition condition() {
        Condition condition = DSL.noCondition();
        if (clientKeyIds != null) {
            condition = condition.and(clientKeyIds.isEmpty() ? DSL.falseCondition()
                    : USAGE_EVENT.CLIENT_KEY_ID.in(clientKeyIds.stream().map(Math::toIntExact).toList()));
        }
        if (model != null) {
            condition = condition.and(USAGE_EVENT.MODEL.eq(model).or(USAGE_EVENT.ALIAS.eq(model)));
        }
        return condition;
    }
}
