package city.tsunagu.deploy;

import java.net.BindException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** {@code ./tsunagu store} on a port that something else already listens on. */
class StorePortInUseFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {
    private final Environment environment;

    StorePortInUseFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        BeanCreationException creation = findCause(rootFailure, BeanCreationException.class);
        if (creation == null || !"embeddedStore".equals(creation.getBeanName())) {
            return null;
        }
        String port = environment.getProperty("tsunagu.store.port", "its port");
        return new FailureAnalysis(
                "The store could not listen on 127.0.0.1:" + port + ": " + cause.getMessage()
                        + ". Another Tsunagu store or a MongoDB server probably runs there.",
                "Stop that process, or set TSUNAGU_STORE_PORT to a free port.",
                cause);
    }
}
