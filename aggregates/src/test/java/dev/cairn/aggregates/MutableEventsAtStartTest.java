package dev.cairn.aggregates;

import com.mongodb.client.MongoDatabase;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(EmbeddedMongoExtension.class)
class MutableEventsAtStartTest {

    record Create(String id) {
    }

    record Created(String id) {
    }

    static class Base {
        protected String note;
    }

    static class Renamed extends Base {
        private final String name;
        private int version;

        Renamed(String name) {
            this.name = name;
        }
    }

    static final class Priced {
        private final long cents;

        Priced(long cents) {
            this.cents = cents;
        }
    }

    static class LineChanged {
        private String lineId;
    }

    static class Line {
        @EventSourcingHandler
        void on(LineChanged event) {
        }
    }

    static class Sloppy {
        @AggregateIdentifier
        private String id;
        @AggregateMember
        private final List<Line> lines = new ArrayList<>();

        Sloppy() {
        }

        @CommandHandler
        Sloppy(Create command) {
        }

        @EventSourcingHandler
        void on(Created event) {
            id = event.id();
        }

        @EventSourcingHandler
        void on(Renamed event) {
        }

        @EventSourcingHandler
        void on(Priced event) {
        }
    }

    @Test
    void startFailsListingEveryMutableEventClassAndField(MongoDatabase database) {
        // When / Then
        assertThatThrownBy(() -> Cairn.builder().database(database).aggregate(Sloppy.class).start())
                .isInstanceOf(MutableEventTypeException.class)
                .hasMessageContaining(Renamed.class.getName() + ": field 'version' is not final")
                .hasMessageContaining(Renamed.class.getName() + ": field 'note' is not final (declared in "
                                              + Base.class.getName() + ")")
                .hasMessageContaining(LineChanged.class.getName() + ": field 'lineId' is not final")
                .satisfies(e -> assertThat(((MutableEventTypeException) e).violations()).hasSize(3))
                .message().doesNotContain(Created.class.getName()).doesNotContain(Priced.class.getName());
    }

    @Test
    void findsEventTypesOfTheAggregateAndItsEntities() {
        // When
        var types = EventTypeCheck.sourcedEventTypes(Sloppy.class);

        // Then
        assertThat(types).containsExactlyInAnyOrder(Created.class, Renamed.class, Priced.class, LineChanged.class);
    }

    @Test
    void acceptsRecordsFinalClassesAndPlatformTypes() {
        // When / Then
        assertThat(EventTypeCheck.violations(Created.class, null)).isEmpty();
        assertThat(EventTypeCheck.violations(Priced.class, null)).isEmpty();
        assertThat(EventTypeCheck.violations(String.class, null)).isEmpty();
        assertThat(EventTypeCheck.violations(Renamed.class, Sloppy.class))
                .extracting(EventTypeCheck.Violation::field).containsExactlyInAnyOrder("version", "note");
    }
}
