package dev.cairn.migration;

import dev.cairn.eventstore.mongo.AllowedTypes;
import org.axonframework.serialization.Serializer;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * How {@link AxonMongoMigration#verify()} loads a sample of aggregates through Axon from both stores: with the
 * application's serializer (its payload classes on the class path), and on Cairn's side through an engine allowing
 * the application's stored types. Each sampled aggregate's events are read from the source as the extension's engine
 * reads them (Axon deserializing the stored form) and from Cairn's engine, and compared event by event: identifier,
 * sequence number, aggregate type, timestamp, payload (its class, and its serialized form after the round trip) and
 * metadata.
 *
 * @param aggregates   how many aggregates are sampled, spread evenly over the aggregate identifiers in order
 * @param serializer   the application's event serializer
 * @param allowedTypes the stored types Cairn's engine may load, as the application configures them
 */
public record SampleLoading(int aggregates, Serializer serializer, AllowedTypes allowedTypes) {

    public SampleLoading {
        assertThat(aggregates, a -> a > 0, "The sample must hold at least one aggregate, not " + aggregates);
        assertNonNull(serializer, "The serializer of the sample may not be null");
        assertNonNull(allowedTypes, "The allowed types of the sample may not be null");
    }
}
