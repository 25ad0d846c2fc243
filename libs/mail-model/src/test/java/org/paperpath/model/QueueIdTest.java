package org.paperpath.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueIdTest {

    @Test
    void generatedIdsAreUniqueAndSafeAsFileNames() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = QueueId.generate().value();
            assertThat(id).matches("[0-9A-F]{24}");
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[] {"../../etc/passwd", "", "abc", "0123456789abcdef01234567"}) {
            assertThatThrownBy(() -> new QueueId(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
