package dev.cairn.processing;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The rules that keep {@link AdvancingTokenStore} from skipping an event: it stores only a token the processor reports
 * as consumed, only when that token covers the stored one, never for a segment in error, and never for a segment this
 * process did not fetch or store. A deferrable token (ADR 90) waits only while the segment was written recently, and is
 * stored by the next claim extension, the idle advance or the claim's release.
 */
class AdvancingTokenStoreTest {

    private static final String PROCESSOR = "balances";

    private final InMemoryTokenStore stored = new InMemoryTokenStore();
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
    private AdvancingTokenStore store;

    @BeforeEach
    void createStore() {
        stored.initializeTokenSegments(PROCESSOR, 1, token(5));
        store = AdvancingTokenStore.builder().delegate(stored)
                                   .processors(name -> PROCESSOR.equals(name) ? Optional.of(processor)
                                           : Optional.empty())
                                   .claimExtensionInterval(Duration.ofHours(1))
                                   .build();
    }

    @Test
    void aTokenStoredWhileABatchPreparesItsCommitIsWrittenAfterTheBatchsOwnWrites() {
        // Given a batch's unit of work that asks for its token first, as Axon's pooled processor does, and then
        // prepares a write of its own (a saga's state, a deadline)
        store.fetchToken(PROCESSOR, 0);
        List<String> writes = new ArrayList<>();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        batch.onPrepareCommit(u -> {
            store.storeToken(token(6), PROCESSOR, 0);
            writes.add(stored.fetchToken(PROCESSOR, 0).equals(token(6)) ? "token" : "no token yet");
        });
        batch.onPrepareCommit(u -> writes.add(stored.fetchToken(PROCESSOR, 0).equals(token(6))
                                                      ? "saga state after the token" : "saga state"));

        // When it commits
        batch.commit();

        // Then the token is written after the batch's own writes, by the end of the commit
        assertThat(writes).containsExactly("no token yet", "saga state");
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(6));
    }

    @Test
    void aTokenStoredOutsideACommitIsWrittenAtOnce() {
        // Given the segment fetched at 5
        store.fetchToken(PROCESSOR, 0);

        // When a token is stored with no unit of work running
        store.storeToken(token(7), PROCESSOR, 0);

        // Then it is written at once
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(7));
    }

    @Test
    void aClaimExtensionStoresTheConsumedTokenWhenItIsAhead() {
        // Given the segment fetched at 5, and the processor reporting 8 consumed
        store.fetchToken(PROCESSOR, 0);
        consumed(token(8), false);

        // When its claim is extended
        store.extendClaim(PROCESSOR, 0);

        // Then 8 is stored
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(8));
    }

    @Test
    void aConsumedTokenBehindTheStoredOneIsNeverStored() {
        // Given the segment fetched at 5, and a status still at 3
        store.fetchToken(PROCESSOR, 0);
        consumed(token(3), false);

        // When its claim is extended
        store.extendClaim(PROCESSOR, 0);

        // Then the token does not go back
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(5));
    }

    @Test
    void aSegmentInErrorIsNotAdvanced() {
        // Given the segment fetched at 5, and a status at 8 marked in error (its batch did not commit)
        store.fetchToken(PROCESSOR, 0);
        consumed(token(8), true);

        // When its claim is extended, and the shutdown hook runs
        store.extendClaim(PROCESSOR, 0);
        store.advanceIdle(PROCESSOR);

        // Then the stored token stays
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(5));
    }

    @Test
    void aSegmentThisProcessDidNotFetchIsNotAdvanced() {
        // Given a status at 8 for a segment this store never fetched nor stored
        consumed(token(8), false);

        // When the shutdown hook runs
        store.advanceIdle(PROCESSOR);

        // Then nothing is stored
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(5));
    }

    /** What stores a token a batch deferred, once the processor reports it consumed. */
    enum DeferredTokenStorer {
        CLAIM_EXTENSION, CLAIM_RELEASE, IDLE_ADVANCE;

        void store(AdvancingTokenStore store) {
            switch (this) {
                case CLAIM_EXTENSION -> store.extendClaim(PROCESSOR, 0);
                case CLAIM_RELEASE -> store.releaseClaim(PROCESSOR, 0); // a rebalance, a shutdown
                case IDLE_ADVANCE -> store.advanceIdle(PROCESSOR); // a catch-up wait, the shutdown hook
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DeferredTokenStorer.class)
    void aDeferrableTokenSoonAfterTheSegmentsLastWriteWaitsAndIsStoredLater(DeferredTokenStorer storer) {
        // Given a store deferring for an hour, and the segment fetched at 5 just now
        AdvancingTokenStore deferring = deferringFor(Duration.ofHours(1));
        deferring.fetchToken(PROCESSOR, 0);

        // When a batch that changed nothing asks to store 7
        deferring.storeDeferrable(token(7), PROCESSOR, 0);

        // Then 5 stays stored
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(5));

        // and once the processor reports 7 consumed, the next claim extension, release or idle advance stores it
        consumed(token(7), false);
        storer.store(deferring);
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(7));
    }

    @Test
    void aDeferrableTokenIsStoredAtOnceWhenTheLastWriteIsOlderThanTheDeferral() {
        // Given a store that never defers (zero), and the segment fetched at 5
        AdvancingTokenStore eager = deferringFor(Duration.ZERO);
        eager.fetchToken(PROCESSOR, 0);

        // When a batch that changed nothing asks to store 6, then 7
        eager.storeDeferrable(token(6), PROCESSOR, 0);
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(6));
        eager.storeDeferrable(token(7), PROCESSOR, 0);

        // Then each is written
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(7));
    }

    @Test
    void aDeferrableTokenForASegmentThisProcessDoesNotKnowIsStoredAtOnce() {
        // Given a store deferring for an hour that never fetched the segment
        AdvancingTokenStore deferring = deferringFor(Duration.ofHours(1));

        // When a batch asks to store 9
        deferring.storeDeferrable(token(9), PROCESSOR, 0);

        // Then it is written: nothing else would advance a segment whose stored token is unknown here
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(9));
    }

    @Test
    void aDeferrableTokenAskedForWhileABatchPreparesItsCommitIsDecidedAtTheCommit() {
        // Given a store that never defers, and a batch asking for its token first, as Axon's pooled processor does
        AdvancingTokenStore eager = deferringFor(Duration.ZERO);
        eager.fetchToken(PROCESSOR, 0);
        List<String> seen = new ArrayList<>();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"));
        batch.onPrepareCommit(u -> {
            eager.storeDeferrable(token(6), PROCESSOR, 0);
            seen.add(stored.fetchToken(PROCESSOR, 0).equals(token(6)) ? "token" : "no token yet");
        });

        // When it commits
        batch.commit();

        // Then the token is written in the commit phase
        assertThat(seen).containsExactly("no token yet");
        assertThat(stored.fetchToken(PROCESSOR, 0)).isEqualTo(token(6));
    }

    @Test
    void aNegativeDeferralIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> AdvancingTokenStore.builder().deferTokensWithin(Duration.ofMillis(-1)))
                .isInstanceOf(org.axonframework.common.AxonConfigurationException.class)
                .hasMessageContaining("deferral");
    }

    private AdvancingTokenStore deferringFor(Duration within) {
        return AdvancingTokenStore.builder().delegate(stored)
                                  .processors(name -> PROCESSOR.equals(name) ? Optional.of(processor)
                                          : Optional.empty())
                                  .claimExtensionInterval(Duration.ofHours(1))
                                  .deferTokensWithin(within)
                                  .build();
    }

    private void consumed(TrackingToken token, boolean error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getTrackingToken()).thenReturn(token);
        when(status.isErrorState()).thenReturn(error);
        when(processor.processingStatus()).thenReturn(Map.of(0, status));
    }

    private static TrackingToken token(long position) {
        return new GlobalSequenceTrackingToken(position);
    }
}
