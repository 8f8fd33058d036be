package dev.vlmconsole.app.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vlmconsole.api.Role;
import dev.vlmconsole.app.keys.ApiClient.Answer;
import dev.vlmconsole.app.support.ConsoleTest;
import dev.vlmconsole.keys.KeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Key names and projects follow the shared name rule on the machine API: a 400 problem naming the field. */
class KeyNamesApiTest extends ConsoleTest {

    @LocalServerPort
    int port;

    @Autowired
    KeyService keys;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\": \"ingest\\r\\nINFO forged\"}|name",
                "{\"name\": \"invoice\\u202Efdp.exe\"}|name",
                "{\"name\": \"   \"}|name",
                "{\"name\": \"ingest\", \"project\": \"prod\\u2066\"}|project"
            })
    void a_name_or_project_that_breaks_the_name_rule_is_a_400_problem_naming_the_field(String body, String field) {
        String adminKey = adminKeyOfANewWorkspace();
        ApiClient api = new ApiClient(port);
        int before = api.get("/api/v1/keys", adminKey).json().size();

        Answer answer = api.post("/api/v1/keys", adminKey, body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
        assertThat(answer.json().path("errors").get(0).path("detail").asText()).isNotBlank();
        assertThat(api.get("/api/v1/keys", adminKey).json().size()).isEqualTo(before);
    }

    @Test
    void every_refused_input_of_a_creation_is_named_in_one_problem_under_its_json_property() {
        String adminKey = adminKeyOfANewWorkspace();
        ApiClient api = new ApiClient(port);
        int before = api.get("/api/v1/keys", adminKey).json().size();

        Answer answer = api.post(
                "/api/v1/keys",
                adminKey,
                "{\"name\": \" \", \"project\": \"p\\u0007q\", \"expiresAt\": \"2001-01-01T00:00:00Z\", \"scope\": \"root\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode errors = answer.json().path("errors");
        assertThat(errors)
                .extracting(e -> e.path("field").asText())
                .containsExactly("name", "project", "expiresAt", "scope");
        assertThat(errors)
                .extracting(e -> e.path("detail").asText())
                .containsExactly(
                        "Enter a name.",
                        "Remove line breaks, tabs and invisible formatting characters (such as text direction marks).",
                        "The expiry must be in the future and within 10 years.",
                        "Scope must be 'inference', 'admin' or 'scim'.");
        assertThat(answer.json().path("detail").asText())
                .as("still one readable sentence")
                .startsWith("name: Enter a name. project: Remove line breaks")
                .contains("expiresAt: The expiry must be");
        assertThat(api.get("/api/v1/keys", adminKey).json().size()).isEqualTo(before);
    }

    @Test
    void a_query_parameter_out_of_range_is_named_too() {
        Answer answer = new ApiClient(port).get("/api/v1/keys?offset=-1&limit=0", adminKeyOfANewWorkspace());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("errors"))
                .extracting(e -> e.path("field").asText())
                .containsExactly("offset", "limit");
    }

    @Test
    void a_name_of_50_emoji_is_stored_whole() {
        String adminKey = adminKeyOfANewWorkspace();
        String name = "\uD83D\uDE00".repeat(50);

        Answer answer = new ApiClient(port).post("/api/v1/keys", adminKey, "{\"name\": \"" + name + "\"}");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().path("key").path("name").asText()).isEqualTo(name);
    }

    private String adminKeyOfANewWorkspace() {
        Workspace w = newWorkspace();
        login(newMember(w, Role.OWNER), w);
        String secret =
                keys.create(new KeyService.NewKey("admin", null, null, "admin")).secret();
        return secret;
    }
}
