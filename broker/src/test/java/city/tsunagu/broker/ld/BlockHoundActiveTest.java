package city.tsunagu.broker.ld;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The tests in this package rely on BlockHound being installed (BlockHoundInstaller); this checks that it is. */
class BlockHoundActiveTest {

    @Test
    void blockingOnANonBlockingThreadFails() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return 1;
                }).subscribeOn(Schedulers.parallel()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(BlockingOperationError.class))
                .verify(Duration.ofSeconds(5));
    }
}
