package dev.vlmconsole.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TeamPropertiesTest {

    @Test
    void values_in_range_are_kept() {
        TeamProperties p = new TeamProperties(Duration.ofDays(3), 20, 50);
        assertThat(p.invitationTtl()).isEqualTo(Duration.ofDays(3));
        assertThat(p.invitationsPerDay()).isEqualTo(20);
    }

    @Test
    void a_value_out_of_range_stops_the_start_naming_the_setting() {
        assertThatThrownBy(() -> new TeamProperties(Duration.ofMinutes(1), 100, 200))
                .hasMessageContaining("console.team.invitation-ttl");
        assertThatThrownBy(() -> new TeamProperties(Duration.ofDays(7), 0, 200))
                .hasMessageContaining("console.team.invitations-per-day");
    }
}
