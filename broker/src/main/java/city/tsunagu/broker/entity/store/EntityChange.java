package city.tsunagu.broker.entity.store;

import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.tenant.Tenant;

/**
 * One accepted change of one entity, as the store wrote it: {@code before} is null for a
 * creation, {@code after} null for a deletion.
 */
public record EntityChange(Tenant tenant, Entity before, Entity after) {
    public String entityId() {
        return after != null ? after.id() : before.id();
    }
}
