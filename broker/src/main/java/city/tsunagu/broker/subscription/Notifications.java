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
import java.util.HashSet;
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
            } else if (!deletedInstances(before.get(name), instances).isEmpty()) {
                // an instance (datasetId) deleted: the attribute lost part of itself
                deleted.add(name);
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
                addDeletedAttributes(deleted, subscription, before, null, trigger, now);
            }
            return deleted;
        }
        ObjectNode entity = RENDERER.render(change.after(), ctx, options);
        if (trigger.name().equals("attributeDeleted")) {
            addDeletedAttributes(entity, subscription, change.before(), change.after(), trigger, now);
        }
        if (previous && change.before() != null) {
            addPreviousValues(entity, change.before(), change.after(), ctx);
        }
        return entity;
    }

    /** The instances of {@code before} whose datasetId {@code after} no longer has. */
    private static List<Attribute> deletedInstances(List<Attribute> before, List<Attribute> after) {
        Set<String> kept = new HashSet<>();
        after.forEach(instance -> kept.add(String.valueOf(instance.datasetId())));
        return before.stream().filter(instance -> !kept.contains(String.valueOf(instance.datasetId()))).toList();
    }

    /**
     * The deleted attributes of the trigger that the subscription watches and notifies: a deleted
     * attribute as deleted; a deleted instance (datasetId) beside the instances left.
     *
     * @param after the entity after the change; null when it was deleted
     */
    private static void addDeletedAttributes(ObjectNode entity, CompiledSubscription subscription, Entity before, Entity after,
                                             Trigger trigger, Instant now) {
        LdContext ctx = subscription.context();
        RenderOptions options = subscription.render();
        for (String name : trigger.attributes()) {
            if (!subscription.watches(name) || !options.includes(name)) {
                continue;
            }
            String member = ctx.compact(name);
            List<Attribute> was = before.attributes().get(name);
            List<Attribute> left = after == null ? null : shown(after.attributes().get(name), options);
            JsonNode rendered = entity.get(member);
            if (left == null || left.isEmpty() || rendered == null) {
                entity.set(member, deletedAttribute(was.get(0), options, subscription.showChanges(), ctx, now));
                continue;
            }
            if (options.format() == Format.SIMPLIFIED) {
                // several instances are a dataset map, "@none" for the default instance (4.5.4)
                ObjectNode dataset = left.size() > 1 ? (ObjectNode) rendered.get("dataset") : NODES.objectNode();
                if (left.size() == 1) {
                    dataset.set(datasetKey(left.get(0).datasetId()), rendered);
                    entity.putObject(member).set("dataset", dataset);
                }
                for (Attribute instance : shown(deletedInstances(was, after.attributes().get(name)), options)) {
                    dataset.set(datasetKey(instance.datasetId()), deletedAttribute(instance, options, false, ctx, now));
                }
            } else {
                ArrayNode instances = rendered instanceof ArrayNode array ? array : NODES.arrayNode().add(rendered);
                for (Attribute instance : shown(deletedInstances(was, after.attributes().get(name)), options)) {
                    instances.add(deletedAttribute(instance, options, subscription.showChanges(), ctx, now));
                }
                entity.set(member, instances);
            }
        }
    }

    /** The instances the notification shows: those of its datasetId member, if it has one. */
    private static List<Attribute> shown(List<Attribute> instances, RenderOptions options) {
        if (instances == null || options.datasetIds() == null) {
            return instances;
        }
        return instances.stream().filter(i -> options.includesInstance(i.datasetId())).toList();
    }

    private static String datasetKey(String datasetId) {
        return datasetId == null ? "@none" : datasetId;
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
        if (attribute.datasetId() != null) {
            deleted.put("datasetId", attribute.datasetId());
        }
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
