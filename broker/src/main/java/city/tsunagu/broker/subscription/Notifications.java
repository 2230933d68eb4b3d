package city.tsunagu.broker.subscription;

import city.tsunagu.broker.entity.model.Attribute;
import city.tsunagu.broker.entity.model.AttributeKind;
import city.tsunagu.broker.entity.model.Entity;
import city.tsunagu.broker.entity.store.EntityChange;
import city.tsunagu.broker.entity.web.EntityRenderer;
import city.tsunagu.broker.entity.web.Format;
import city.tsunagu.broker.entity.web.RenderOptions;
import city.tsunagu.broker.ld.LdContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an entity change means for subscriptions (the notification triggers of 5.2.12) and the
 * Notification (5.2.15) a subscription gets for it.
 */
final class Notifications {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NULL = "urn:ngsi-ld:null";
    private static final EntityRenderer RENDERER = new EntityRenderer();

    private Notifications() {
    }

    /** One trigger a change fires, with the attributes it concerns. */
    record Trigger(String name, Set<String> attributes) {
    }

    /** The triggers of a change, in the order a subscription's first wanted one is taken as the reason. */
    static List<Trigger> triggers(EntityChange change) {
        List<Trigger> triggers = new ArrayList<>();
        if (change.before() == null) {
            Set<String> all = change.after().attributes().keySet();
            triggers.add(new Trigger("entityCreated", all));
            triggers.add(new Trigger("attributeCreated", all));
            return triggers;
        }
        if (change.after() == null) {
            Set<String> all = change.before().attributes().keySet();
            triggers.add(new Trigger("entityDeleted", all));
            // the entity's attributes go with it
            triggers.add(new Trigger("attributeDeleted", all));
            return triggers;
        }
        Map<String, List<Attribute>> before = change.before().attributes();
        Map<String, List<Attribute>> after = change.after().attributes();
        Set<String> created = new LinkedHashSet<>();
        Set<String> updated = new LinkedHashSet<>();
        Set<String> deleted = new LinkedHashSet<>();
        after.forEach((name, instances) -> {
            if (!before.containsKey(name)) {
                created.add(name);
            } else if (!before.get(name).equals(instances)) {
                updated.add(name);
            }
        });
        before.keySet().stream().filter(name -> !after.containsKey(name)).forEach(deleted::add);
        Set<String> changed = new LinkedHashSet<>(created);
        changed.addAll(updated);
        changed.addAll(deleted);
        boolean entityChanged = !changed.isEmpty() || !change.before().types().equals(change.after().types())
                || !Objects.equals(change.before().scopes(), change.after().scopes());
        if (entityChanged) {
            triggers.add(new Trigger("entityUpdated", changed));
        }
        if (!created.isEmpty()) {
            triggers.add(new Trigger("attributeCreated", created));
        }
        if (!updated.isEmpty()) {
            triggers.add(new Trigger("attributeUpdated", updated));
        }
        if (!deleted.isEmpty()) {
            triggers.add(new Trigger("attributeDeleted", deleted));
        }
        return triggers;
    }

    /** The Notification of {@code change} for {@code subscription}, its names compacted with the subscription's @context. */
    static ObjectNode notification(CompiledSubscription subscription, EntityChange change, Trigger trigger, Instant now) {
        return notification(subscription, NODES.arrayNode().add(data(subscription, change, trigger, now)), trigger, now);
    }

    /** A Notification carrying {@code data}; {@code trigger} null for a periodic one. */
    static ObjectNode notification(CompiledSubscription subscription, ArrayNode data, Trigger trigger, Instant now) {
        ObjectNode notification = NODES.objectNode();
        notification.put("id", "urn:ngsi-ld:Notification:" + randomUuid());
        notification.put("type", "Notification");
        notification.put("subscriptionId", subscription.id());
        notification.put("notifiedAt", time(now));
        if (trigger != null) {
            notification.put("triggerReason", trigger.name());
        }
        notification.set("data", data);
        return notification;
    }

    private static ObjectNode data(CompiledSubscription subscription, EntityChange change, Trigger trigger, Instant now) {
        LdContext ctx = subscription.context();
        RenderOptions options = subscription.render();
        boolean previous = subscription.showChanges();
        if (change.after() == null) {
            // 5.2.15: a deleted entity is its id, type and deletedAt (with sysAttrs its timestamps), and its
            // attributes as deleted when they are the reason or showChanges asks for the values they had
            Entity before = change.before();
            ObjectNode deleted = NODES.objectNode();
            deleted.put("id", before.id());
            deleted.set("type", RENDERER.types(before.types(), ctx));
            if (options.sysAttrs()) {
                putTime(deleted, "createdAt", before.createdAt());
                putTime(deleted, "modifiedAt", before.modifiedAt());
            }
            deleted.put("deletedAt", time(now));
            if (trigger.name().equals("attributeDeleted") || previous) {
                addDeletedAttributes(deleted, subscription, before, trigger, now);
            }
            return deleted;
        }
        ObjectNode entity = RENDERER.render(change.after(), ctx, options);
        if (trigger.name().equals("attributeDeleted")) {
            addDeletedAttributes(entity, subscription, change.before(), trigger, now);
        }
        if (previous && change.before() != null) {
            addPreviousValues(entity, change.before(), change.after(), ctx);
        }
        return entity;
    }

    /** The deleted attributes of the trigger that the subscription watches and notifies. */
    private static void addDeletedAttributes(ObjectNode entity, CompiledSubscription subscription, Entity before, Trigger trigger,
                                             Instant now) {
        LdContext ctx = subscription.context();
        for (String name : trigger.attributes()) {
            if (subscription.watches(name) && subscription.render().includes(name)) {
                entity.set(ctx.compact(name), deletedAttribute(before.attributes().get(name).get(0), subscription.render(),
                        subscription.showChanges(), ctx, now));
            }
        }
    }

    /**
     * A deleted attribute as 5.2.15 shows it: its value the NGSI-LD null, with sysAttrs its
     * timestamps and deletedAt, and with showChanges the value it had.
     */
    private static JsonNode deletedAttribute(Attribute attribute, RenderOptions options, boolean previous, LdContext ctx, Instant now) {
        if (options.format() == Format.SIMPLIFIED) {
            return NODES.stringNode(NULL);
        }
        ObjectNode deleted = NODES.objectNode();
        deleted.put("type", attribute.kind().typeName());
        String member = attribute.kind().valueMember();
        if (attribute.kind() == AttributeKind.LANGUAGE_PROPERTY) {
            deleted.putObject(member).put("@none", NULL);
        } else {
            deleted.put(member, NULL);
        }
        if (options.sysAttrs()) {
            putTime(deleted, "createdAt", attribute.createdAt());
            putTime(deleted, "modifiedAt", attribute.modifiedAt());
            deleted.put("deletedAt", time(now));
        }
        if (previous) {
            deleted.set(previousMember(member), previousValue(attribute, ctx));
        }
        return deleted;
    }

    /** showChanges: each updated attribute carries its value before the change as previousValue, previousObject, ... */
    private static void addPreviousValues(ObjectNode entity, Entity before, Entity after, LdContext ctx) {
        after.attributes().forEach((name, instances) -> {
            List<Attribute> earlier = before.attributes().get(name);
            JsonNode rendered = entity.get(ctx.compact(name));
            if (earlier == null || earlier.equals(instances) || !(rendered instanceof ObjectNode attribute)) {
                return;
            }
            Attribute old = earlier.get(0);
            attribute.set(previousMember(old.kind().valueMember()), previousValue(old, ctx));
        });
    }

    private static String previousMember(String valueMember) {
        return "previous" + Character.toUpperCase(valueMember.charAt(0)) + valueMember.substring(1);
    }

    /** The value member of the attribute as the normalized form writes it (a languageMap, a compacted vocab, ...). */
    private static JsonNode previousValue(Attribute attribute, LdContext ctx) {
        JsonNode normalized = RENDERER.renderAttribute(attribute, ctx, RenderOptions.DEFAULT);
        return normalized.path(attribute.kind().valueMember());
    }

    private static void putTime(ObjectNode object, String member, Instant time) {
        if (time != null) {
            object.put(member, time(time));
        }
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /**
     * A version 4 UUID from ThreadLocalRandom: notification and subscription ids need to be
     * unique, not secret, and UUID.randomUUID reads the entropy source, which may block.
     */
    static UUID randomUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
}
