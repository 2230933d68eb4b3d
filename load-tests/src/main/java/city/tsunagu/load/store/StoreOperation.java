package city.tsunagu.load.store;

/** What the broker asks of its store for a workload, issued directly through the MongoDB driver. */
public enum StoreOperation {
    FIND_BY_ID("find one document by _id"),
    FIND_PAGE("find by type + attribute value, sorted by _id, page of 20"),
    BULK_UPSERT_100("bulk write of 100 upserting replaces"),
    REPLACE_ONE("replace one document by _id");

    private final String description;

    StoreOperation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
