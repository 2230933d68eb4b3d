package city.tsunagu.broker.query.language;

/**
 * What an attribute path addresses in its target element: the value (object, languageMap, ...)
 * or one of the members 4.9 lets a path end with ({@code speed.observedAt}). Entity-level paths
 * ({@code modifiedAt} alone) address the entity's own system attributes.
 */
public enum Member {
    VALUE(null),
    OBSERVED_AT("observedAt"),
    CREATED_AT("createdAt"),
    MODIFIED_AT("modifiedAt"),
    UNIT_CODE("unitCode"),
    DATASET_ID("datasetId");

    private final String memberName;

    Member(String memberName) {
        this.memberName = memberName;
    }

    /** The member's name in the normalized representation and in stored documents; null for VALUE. */
    public String memberName() {
        return memberName;
    }

    /** Whether the member holds a DateTime. */
    public boolean isTemporal() {
        return this == OBSERVED_AT || this == CREATED_AT || this == MODIFIED_AT;
    }

    /** Whether the store keeps the member as a BSON Date (otherwise as a string). */
    boolean isStoredAsDate() {
        return this == CREATED_AT || this == MODIFIED_AT;
    }

    static Member ofName(String name) {
        for (Member member : values()) {
            if (member.memberName != null && member.memberName.equals(name)) {
                return member;
            }
        }
        return null;
    }
}
