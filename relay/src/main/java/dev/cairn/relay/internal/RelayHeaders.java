package dev.cairn.relay.internal;

/** The header names of a relayed record; published as constants of {@code KafkaRelay}. */
public final class RelayHeaders {

    public static final String EVENT_ID = "cairn-event-id";
    public static final String PAYLOAD_TYPE = "cairn-payload-type";
    public static final String PAYLOAD_REVISION = "cairn-payload-revision";
    public static final String AGGREGATE_TYPE = "cairn-aggregate-type";
    public static final String AGGREGATE_SEQUENCE = "cairn-aggregate-sequence";
    public static final String POSITION = "cairn-global-position";
    public static final String TIMESTAMP = "cairn-timestamp";
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private RelayHeaders() {
    }
}
