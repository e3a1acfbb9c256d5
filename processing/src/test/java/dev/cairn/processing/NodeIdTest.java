package dev.cairn.processing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeIdTest {

    @Test
    void aGeneratedIdNamesThisProcessAndDiffersOnEveryCall() {
        // when
        NodeId first = NodeId.generate();
        NodeId second = NodeId.generate();

        // then
        assertThat(first.value()).matches(".+-" + ProcessHandle.current().pid() + "-[0-9a-f]{4}");
        assertThat(second.value()).startsWith(first.value().substring(0, first.value().length() - 4));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aToolsIdStartsWithTheTool() {
        // when
        NodeId cli = NodeId.generateFor("cairn-cli");

        // then
        assertThat(cli.value()).matches("cairn-cli .+-" + ProcessHandle.current().pid() + "-[0-9a-f]{4}");
    }

    @Test
    void aBlankOrOverlongIdIsRefusedNamingTheValue() {
        // then
        assertThatThrownBy(() -> NodeId.of(" ")).hasMessageContaining("may not be blank");
        assertThatThrownBy(() -> NodeId.of(null)).hasMessageContaining("may not be blank");
        String overlong = "n".repeat(NodeId.MAX_LENGTH + 1);
        assertThatThrownBy(() -> NodeId.of(overlong)).hasMessageContaining("at most 200").hasMessageContaining(overlong);
        assertThatThrownBy(() -> NodeId.generateFor("")).hasMessageContaining("tool");
    }
}
