package city.tsunagu.adapters.command.web;

import city.tsunagu.adapters.command.Commands;
import city.tsunagu.adapters.provisioning.ServiceScope;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Where the broker notifies the adapters of written command attributes (see {@link Commands}). */
@RestController
public class CommandNotificationHandler {
    private final Commands commands;

    public CommandNotificationHandler(Commands commands) {
        this.commands = commands;
    }

    @PostMapping("/iot/commands")
    public Mono<ResponseEntity<Void>> notified(@RequestParam String service, @RequestParam String subservice,
                                               @RequestParam String device, @RequestBody JsonNode notification) {
        return commands.notified(new ServiceScope(service, subservice), device, notification)
                .then(Mono.fromSupplier(() -> ResponseEntity.noContent().<Void>build()));
    }
}
