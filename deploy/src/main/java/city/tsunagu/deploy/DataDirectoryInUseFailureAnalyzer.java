package city.tsunagu.deploy;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A second hub or store started on a data directory that another process holds: say so, and
 * how to share one store, instead of a long stack trace.
 */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<MVStoreException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MVStoreException cause) {
        if (cause.getErrorCode() != DataUtils.ERROR_FILE_LOCKED) {
            return null;
        }
        return new FailureAnalysis(
                "The embedded store's data file is in use by another process: " + cause.getMessage(),
                "Stop the other Tsunagu hub or store that uses this data directory, or set TSUNAGU_DATA_DIR "
                        + "to another directory. For several hubs on one data directory, run './tsunagu store' once "
                        + "and start each hub with TSUNAGU_MONGODB_URI=mongodb://127.0.0.1:27017.",
                cause);
    }
}
