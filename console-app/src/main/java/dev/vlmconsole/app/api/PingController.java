package dev.vlmconsole.app.api;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The cheapest machine-API call: gateways probe it, and benchmarks compare verification with it. */
@RestController
class PingController {

    private static final Map<String, String> OK = Map.of("status", "ok");

    @GetMapping(path = "/api/v1/ping", produces = "application/json")
    Map<String, String> ping() {
        return OK;
    }
}
