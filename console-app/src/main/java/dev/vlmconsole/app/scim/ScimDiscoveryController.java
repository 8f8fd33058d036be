package dev.vlmconsole.app.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.SchemaUtils;
import dev.vlmconsole.api.ConsoleContext;
import dev.vlmconsole.app.modules.CoreModule;
import java.beans.IntrospectionException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What this SCIM service supports (RFC 7643 5–7), truthfully: patch and filter (at most
 * {@value ScimProvisioning#MAX_RESULTS} results a page) yes; bulk, sort, ETags and password changes no;
 * a bearer token (the workspace's SCIM key). The schemas list only the attributes the console keeps.
 */
@RestController
@RequestMapping(ScimController.BASE)
class ScimDiscoveryController {

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

    /** The User attributes the console keeps (and answers with). */
    private static final Set<String> USER_ATTRIBUTES =
            Set.of("userName", "name", "displayName", "active", "emails", "groups");

    private static final Set<String> GROUP_ATTRIBUTES = Set.of("displayName", "members");

    private final ConsoleContext context;

    ScimDiscoveryController(ConsoleContext context) {
        this.context = context;
    }

    @GetMapping("/ServiceProviderConfig")
    ResponseEntity<String> serviceProviderConfig() {
        context.require(CoreModule.SCIM);
        ServiceProviderConfigResource config = new ServiceProviderConfigResource(
                "https://datatracker.ietf.org/doc/html/rfc7644",
                new PatchConfig(true),
                new BulkConfig(false, 0, 0),
                new FilterConfig(true, ScimProvisioning.MAX_RESULTS),
                new ChangePasswordConfig(false),
                new SortConfig(false),
                new ETagConfig(false),
                List.of(new AuthenticationScheme(
                        "OAuth Bearer Token",
                        "The workspace's SCIM key, sent as 'Authorization: Bearer <key>'.",
                        URI.create("https://datatracker.ietf.org/doc/html/rfc6750"),
                        null,
                        "oauthbearertoken",
                        true)));
        config.setMeta(new Meta()
                .setResourceType("ServiceProviderConfig")
                .setLocation(URI.create(base() + "/ServiceProviderConfig")));
        return ScimJson.answer(HttpStatus.OK, config);
    }

    @GetMapping("/ResourceTypes")
    ResponseEntity<String> resourceTypes() {
        context.require(CoreModule.SCIM);
        return ScimJson.answer(HttpStatus.OK, new ListResponse<>(List.of(userType(), groupType())));
    }

    @GetMapping("/ResourceTypes/{name}")
    ResponseEntity<String> resourceType(@PathVariable String name) {
        context.require(CoreModule.SCIM);
        return switch (name) {
            case "User" -> ScimJson.answer(HttpStatus.OK, userType());
            case "Group" -> ScimJson.answer(HttpStatus.OK, groupType());
            default -> throw ScimProblem.notFound("No such resource type.");
        };
    }

    @GetMapping("/Schemas")
    ResponseEntity<String> schemas() {
        context.require(CoreModule.SCIM);
        return ScimJson.answer(HttpStatus.OK, new ListResponse<>(List.of(userSchema(), groupSchema())));
    }

    @GetMapping("/Schemas/{id}")
    ResponseEntity<String> schema(@PathVariable String id) {
        context.require(CoreModule.SCIM);
        return switch (id) {
            case USER_SCHEMA -> ScimJson.answer(HttpStatus.OK, userSchema());
            case GROUP_SCHEMA -> ScimJson.answer(HttpStatus.OK, groupSchema());
            default -> throw ScimProblem.notFound("No such schema.");
        };
    }

    private ObjectNode userType() {
        return withMeta(
                new ResourceTypeResource(
                        "User",
                        "User",
                        "A member of the workspace",
                        URI.create("/Users"),
                        URI.create(USER_SCHEMA),
                        null),
                "ResourceType",
                "/ResourceTypes/User");
    }

    private ObjectNode groupType() {
        return withMeta(
                new ResourceTypeResource(
                        "Group",
                        "Group",
                        "A group of the workspace's people; mapped group names set roles",
                        URI.create("/Groups"),
                        URI.create(GROUP_SCHEMA),
                        null),
                "ResourceType",
                "/ResourceTypes/Group");
    }

    private ObjectNode userSchema() {
        return withMeta(
                schema(UserResource.class, USER_SCHEMA, "User", USER_ATTRIBUTES), "Schema", "/Schemas/" + USER_SCHEMA);
    }

    private ObjectNode groupSchema() {
        return withMeta(
                schema(GroupResource.class, GROUP_SCHEMA, "Group", GROUP_ATTRIBUTES),
                "Schema",
                "/Schemas/" + GROUP_SCHEMA);
    }

    /** UnboundID's definition of the schema, narrowed to the attributes the console keeps. */
    private static SchemaResource schema(Class<?> type, String id, String name, Set<String> kept) {
        try {
            List<AttributeDefinition> attributes = SchemaUtils.getAttributes(type).stream()
                    .filter(a -> kept.contains(a.getName()))
                    .toList();
            return new SchemaResource(id, name, name, attributes);
        } catch (IntrospectionException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode withMeta(Object resource, String type, String path) {
        ObjectNode node = ScimResources.node(resource);
        node.set("meta", ScimResources.node(new Meta().setResourceType(type).setLocation(URI.create(base() + path))));
        return node;
    }

    private static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(ScimController.BASE)
                .toUriString();
    }
}
