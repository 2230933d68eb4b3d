package city.tsunagu.broker;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import reactor.blockhound.BlockHound;

/**
 * Installs Reactor BlockHound before any test runs, so that a blocking call on an event-loop or
 * other non-blocking thread fails the test that made it. Registered for the JUnit Platform
 * launcher in META-INF/services; Reactor's, Netty's and Spring's own BlockHound integrations are
 * loaded with it.
 *
 * <p>Allowances are only for known-benign internals, each with the reason.
 */
public class BlockHoundInstaller implements TestExecutionListener {
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final String EMBEDDED_STORE_THREADS = "mongo-server-";

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        install();
    }

    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        BlockHound.install(builder -> builder
                // Logback writes log lines to the console/file synchronously under a lock; test
                // runs log from event loops (e.g. a 500 being reported). Production deployments
                // choose their own appenders; this is not broker code blocking.
                .allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
                // Jackson builds a deserializer once per type under a short lock; two first requests at once may wait on it
                .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
                // Netty's DNS resolver draws query ids from a SecureRandom, which reads
                // /dev/urandom (never blocks) on the event loop when a remote host name is resolved.
                .allowBlockingCallsInside("io.netty.resolver.dns.DnsQueryIdSpace$DnsQueryIdRange", "pushId")
                .allowBlockingCallsInside("io.netty.resolver.dns.DnsQueryIdSpace$DnsQueryIdRange", "nextId")
                // The MongoDB driver guards its connection pool's work queue with a StampedLock held
                // for microseconds; a request thread that finds it taken parks briefly. An error
                // thrown out of that park leaves a dead waiter queued in the lock, and every later
                // request to the store then waits forever (seen as a test hanging with all threads
                // idle and one parked in DefaultConnectionPool$AsyncWorkManager.enqueue).
                .allowBlockingCallsInside("com.mongodb.internal.Locks", "checkedWithLock")
                .allowBlockingCallsInside("com.mongodb.internal.Locks", "checkedWithInterruptibleLock")
                .allowBlockingCallsInside("com.mongodb.internal.Locks", "withInterruptibleLock")
                .allowBlockingCallsInside("com.mongodb.internal.Locks", "lockInterruptibly")
                // The embedded store (mongo-java-server) is a database server that happens to run in
                // the test JVM, on Netty threads of its own that BlockHound's Netty integration marks as
                // non-blocking. Its H2 backend writes files and takes locks there, as a database
                // must; an error thrown into it leaves a request unanswered and the test hanging.
                .nonBlockingThreadPredicate(current -> current.and(
                        thread -> !thread.getName().startsWith(EMBEDDED_STORE_THREADS))));
    }
}
