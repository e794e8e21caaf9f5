package dev.eos.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompoundKeyTest {

    @Test
    void of_joinsPartsWithTheSeparator() {
        assertThat(CompoundKey.of(":", "u1", "s9")).isEqualTo("u1:s9");
        assertThat(CompoundKey.of("||", List.of("a", "b", "c"))).isEqualTo("a||b||c");
        assertThat(CompoundKey.of(":", "alone")).isEqualTo("alone");
    }

    @Test
    void parts_splitsBackIntoThePartsItWasBuiltFrom() {
        List<String> parts = List.of("user-1", "", "session 9", "é");
        assertThat(CompoundKey.parts(":", CompoundKey.of(":", parts))).isEqualTo(parts);
    }

    @Test
    void parts_treatsTheSeparatorLiterallyNotAsARegex() {
        assertThat(CompoundKey.parts(".", "a.b.c")).containsExactly("a", "b", "c");
        assertThat(CompoundKey.parts("|", "a|b")).containsExactly("a", "b");
    }

    @Test
    void parts_keepsEmptyParts() {
        assertThat(CompoundKey.parts(":", "a::b:")).containsExactly("a", "", "b", "");
        assertThat(CompoundKey.parts(":", "")).containsExactly("");
    }

    @Test
    void prefix_isThePartBeforeTheFirstSeparatorOrTheWholeKey() {
        assertThat(CompoundKey.prefix(":", "u1:s9:x")).isEqualTo("u1");
        assertThat(CompoundKey.prefix(":", "u1")).isEqualTo("u1");
    }

    @Test
    void of_rejectsPartContainingTheSeparatorNamingIt() {
        assertThatThrownBy(() -> CompoundKey.of(":", "u1", "s:9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Part 1")
                .hasMessageContaining("'s:9'")
                .hasMessageContaining("separator ':'");
    }

    @Test
    void of_rejectsNullPartsEmptySeparatorAndNoParts() {
        assertThatThrownBy(() -> CompoundKey.of(":", Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("Part 1");
        assertThatThrownBy(() -> CompoundKey.of("", "a", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompoundKey.of(":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompoundKey.parts("", "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
