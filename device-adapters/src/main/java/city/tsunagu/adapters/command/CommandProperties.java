package city.tsunagu.adapters.command;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Device commands.
 *
 * @param notifyUrl where the broker reaches these adapters for the notifications of command
 *                  attributes (TSUNAGU_IOTA_NOTIFY_URL); empty = {@code http://127.0.0.1:<port>},
 *                  for a broker on the same machine
 * @param timeout   how long a delivered command waits for the device's answer before it is EXPIRED
 */
@ConfigurationProperties("tsunagu.adapters.commands")
public record CommandProperties(
        @DefaultValue("") String notifyUrl,
        @DefaultValue("60s") Duration timeout) {
}
