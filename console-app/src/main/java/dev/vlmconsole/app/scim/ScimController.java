package dev.vlmconsole.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * SCIM 2.0 Users and Groups (RFC 7644) on Spring MVC, with UnboundID's types: list (filter,
 * startIndex, count), get, create, replace, patch and delete. Answers {@code application/scim+json};
 * bodies are read as JSON whatever their declared type ({@code application/scim+json} or
 * {@code application/json}). The {@code scim} key's workspace only (DD036).
 */
@RestController
@RequestMapping(ScimController.BASE)
class ScimController {

    static final String BASE = "/scim/v2";

    private final ScimProvisioning scim;

    ScimController(ScimProvisioning scim) {
        this.scim = scim;
    }

    @GetMapping("/Users")
    ResponseEntity<String> users(
            @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "1") String startIndex,
            @RequestParam(required = false) String count,
            @RequestParam(required = false) String excludedAttributes) {
        return ScimJson.answer(
                HttpStatus.OK, scim.listUsers(filter, number(startIndex, 1), count(count), excludedAttributes, base()));
    }

    @GetMapping("/Users/{id}")
    ResponseEntity<String> user(@PathVariable String id) {
        return ScimJson.answer(HttpStatus.OK, scim.user(id(id, "User"), base()));
    }

    @PostMapping("/Users")
    ResponseEntity<String> createUser(@RequestBody(required = false) String body) {
        ScimProvisioning.Outcome outcome = scim.createUser(ScimJson.object(body), base());
        return created(outcome);
    }

    @PutMapping("/Users/{id}")
    ResponseEntity<String> replaceUser(@PathVariable String id, @RequestBody(required = false) String body) {
        UUID userId = id(id, "User");
        return ScimJson.answer(HttpStatus.OK, scim.replaceUser(userId, ScimJson.object(body), base()));
    }

    @PatchMapping("/Users/{id}")
    ResponseEntity<String> patchUser(@PathVariable String id, @RequestBody(required = false) String body) {
        UUID userId = id(id, "User");
        return ScimJson.answer(HttpStatus.OK, scim.patchUser(userId, patchRequest(body), base()));
    }

    @DeleteMapping("/Users/{id}")
    ResponseEntity<Void> deleteUser(@PathVariable String id) {
        scim.deleteUser(id(id, "User"));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/Groups")
    ResponseEntity<String> groups(
            @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "1") String startIndex,
            @RequestParam(required = false) String count,
            @RequestParam(required = false) String excludedAttributes) {
        return ScimJson.answer(
                HttpStatus.OK,
                scim.listGroups(filter, number(startIndex, 1), count(count), excludedAttributes, base()));
    }

    @GetMapping("/Groups/{id}")
    ResponseEntity<String> group(@PathVariable String id, @RequestParam(required = false) String excludedAttributes) {
        return ScimJson.answer(
                HttpStatus.OK, ScimResources.exclude(scim.group(id(id, "Group"), base()), excludedAttributes));
    }

    @PostMapping("/Groups")
    ResponseEntity<String> createGroup(@RequestBody(required = false) String body) {
        return created(scim.createGroup(ScimJson.object(body), base()));
    }

    @PutMapping("/Groups/{id}")
    ResponseEntity<String> replaceGroup(@PathVariable String id, @RequestBody(required = false) String body) {
        UUID groupId = id(id, "Group");
        return ScimJson.answer(HttpStatus.OK, scim.replaceGroup(groupId, ScimJson.object(body), base()));
    }

    @PatchMapping("/Groups/{id}")
    ResponseEntity<String> patchGroup(@PathVariable String id, @RequestBody(required = false) String body) {
        UUID groupId = id(id, "Group");
        return ScimJson.answer(HttpStatus.OK, scim.patchGroup(groupId, patchRequest(body), base()));
    }

    @DeleteMapping("/Groups/{id}")
    ResponseEntity<Void> deleteGroup(@PathVariable String id) {
        scim.deleteGroup(id(id, "Group"));
        return ResponseEntity.noContent().build();
    }

    /** Anything else under the SCIM base: a SCIM 404, not the console's page. */
    @RequestMapping("/**")
    ResponseEntity<String> unknown() {
        throw ScimProblem.notFound("There is no such SCIM endpoint.");
    }

    private static ResponseEntity<String> created(ScimProvisioning.Outcome outcome) {
        ObjectNode resource = outcome.resource();
        String location = resource.path("meta").path("location").asText();
        if (!outcome.created()) {
            return ResponseEntity.ok()
                    .contentType(ScimJson.SCIM)
                    .location(URI.create(location))
                    .body(ScimJson.write(resource));
        }
        return ResponseEntity.created(URI.create(location))
                .contentType(ScimJson.SCIM)
                .body(ScimJson.write(resource));
    }

    /**
     * The body as UnboundID's {@link PatchRequest}. Operation names are matched case-insensitively
     * ("Replace", as Microsoft Entra ID sends them).
     */
    static PatchRequest patchRequest(String body) {
        ObjectNode node = ScimJson.object(body);
        JsonNode ops = node.get("Operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw ScimProblem.badRequest(BadRequestException.INVALID_SYNTAX, "A patch needs a list of Operations.");
        }
        for (JsonNode op : ops) {
            if (!(op instanceof ObjectNode o)
                    || o.get("op") == null
                    || !o.get("op").isTextual()) {
                throw ScimProblem.badRequest(
                        BadRequestException.INVALID_SYNTAX, "Every operation needs an op: add, remove or replace.");
            }
            o.set("op", TextNode.valueOf(o.get("op").asText().toLowerCase(Locale.ROOT)));
        }
        try {
            return JsonUtils.getObjectReader().treeToValue(node, PatchRequest.class);
        } catch (IOException | IllegalArgumentException e) {
            throw ScimProblem.badRequest(
                    BadRequestException.INVALID_SYNTAX,
                    "The patch is not valid: every operation needs a valid op," + " path and value.");
        }
    }

    private static UUID id(String id, String what) {
        UUID parsed = ScimResources.uuid(id);
        if (parsed == null) {
            throw ScimProblem.notFound("No such " + what + ".");
        }
        return parsed;
    }

    private static int count(String count) {
        return count == null ? ScimProvisioning.MAX_RESULTS : number(count, ScimProvisioning.MAX_RESULTS);
    }

    private static int number(String value, int absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ScimProblem.badRequest(BadRequestException.INVALID_VALUE, "startIndex and count must be numbers.");
        }
    }

    private static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(BASE).toUriString();
    }
}
