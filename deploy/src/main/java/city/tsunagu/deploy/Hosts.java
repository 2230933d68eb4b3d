package city.tsunagu.deploy;

/** Addresses the hub listens on, as seen from this machine. */
final class Hosts {
    private Hosts() {
    }

    static boolean wildcard(String address) {
        return address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")
                || address.equals("[::]");
    }

    /** How a process on this machine reaches a server bound to {@code address}, bracketed for URIs. */
    static String local(String address) {
        if (wildcard(address)) {
            return "127.0.0.1";
        }
        return address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
    }
}
