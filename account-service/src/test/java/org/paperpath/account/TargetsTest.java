package org.paperpath.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetsTest {

    @Test
    void addressesAreLowerCasedWithALabelDomainsAndDuplicatesDroppedInOrder() {
        assertThat(Targets.of(List.of("Ann@Example.TEST", "zoe@Bücher.example", "ann@example.test", "\"Joe Q\"@example.test"),
                "targets", 1)).containsExactly("ann@example.test", "zoe@xn--bcher-kva.example", "\"joe q\"@example.test");
    }

    @Test
    void anAddressLiteralIsKept() {
        assertThat(Targets.one("postmaster@[192.0.2.1]", "target")).isEqualTo("postmaster@[192.0.2.1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bare", "a@", "@b.example", "a@b@c", "a..b@c.example", "@r:a@b.example", "a@-b.example"})
    void aBadAddressIsRefusedNamingTheField(String address) {
        assertThatThrownBy(() -> Targets.one(address, "forwardTo"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("forwardTo"));
    }

    @Test
    void theCountMustLieBetweenTheMinimumAndAThousand() {
        List<String> thousandAndOne = new ArrayList<>();
        for (int i = 0; i <= Targets.MAX; i++) {
            thousandAndOne.add("m" + i + "@example.test");
        }

        assertThat(Targets.of(List.of(), "forwardTo", 0)).isEmpty();
        assertThatThrownBy(() -> Targets.of(List.of(), "targets", 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Targets.of(thousandAndOne, "targets", 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Targets.of(null, "targets", 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Targets.of(Arrays.asList("a@example.test", null), "targets", 1))
                .isInstanceOf(InvalidInputException.class);
        assertThat(Targets.of(thousandAndOne.subList(0, Targets.MAX), "targets", 1)).hasSize(Targets.MAX);
    }
}
